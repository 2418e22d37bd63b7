/** Password files, ACLs and `mqttools passwd` against the real mosquitto, mosquitto_passwd and third-party clients. */
package io.mqttools.it.security;
