/** Protocol vocabulary shared by broker and client: versions, QoS, reason codes, topics, properties. */
package io.mqttools.protocol;
