/** Sessions and their lifecycle (claim, takeover, expiry, wills) and the hand-off of messages to them; no Netty. */
package io.mqttools.broker.session;
