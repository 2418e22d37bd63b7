/** Client internals (Netty pipeline, session state, reconnect); not API, may change without notice. */
package io.mqttools.client.internal;
