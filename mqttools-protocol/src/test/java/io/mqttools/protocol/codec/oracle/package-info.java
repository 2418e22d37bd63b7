/** Tests that check our codec against Netty's codec-mqtt, in both directions. */
package io.mqttools.protocol.codec.oracle;
