/** Who may connect and what they may do: the Authenticator and Authorizer seams, mosquitto password and ACL files. */
package io.mqttools.broker.security;
