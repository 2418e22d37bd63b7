/** Enhanced authentication methods shared by broker and client: the SCRAM-SHA-256 primitives. No Netty. */
package io.mqttools.protocol.auth;
