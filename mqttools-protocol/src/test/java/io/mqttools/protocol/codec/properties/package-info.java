/** Property-based (jqwik) tests of the codec: round trips, sizes, framing and hostile input. */
package io.mqttools.protocol.codec.properties;
