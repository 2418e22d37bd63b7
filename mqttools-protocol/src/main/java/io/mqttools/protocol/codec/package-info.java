/**
 * Encoding and decoding of MQTT packets; sub-packages v311 and v5 hold the only version-aware code.
 *
 * <p>Entry points: {@link io.mqttools.protocol.codec.MqttDecoder} (framing, per channel),
 * {@link io.mqttools.protocol.codec.MqttEncoder}, and the pure
 * {@link io.mqttools.protocol.codec.PacketDecoder} / {@link io.mqttools.protocol.codec.PacketEncoder}.
 *
 * <p>Which reason code a refused packet gets ({@link io.mqttools.protocol.codec.DecodeException#reasonCode()}):
 * <ul>
 *   <li>MALFORMED_PACKET: the bytes cannot be parsed as the packet: wrong reserved flags or bits,
 *       QoS 3, DUP on QoS 0, a remaining length or variable byte integer over four bytes or not
 *       minimal, ill-formed UTF-8 / U+0000 / encoded surrogates, an unknown property identifier or
 *       reason code, content shorter or longer than the remaining length, inconsistent will flags,
 *       a 3.1.1 password without user name, AUTH before MQTT 5;</li>
 *   <li>PROTOCOL_ERROR: parseable but forbidden: packet identifier 0, a property in a packet that may not
 *       carry it or given twice, a property value out of range (Receive Maximum 0, Maximum Packet
 *       Size 0, Subscription Identifier 0, a 0/1 property above 1), Retain Handling 3, No Local on a
 *       shared subscription, no topic filters in SUBSCRIBE/UNSUBSCRIBE or no codes in SUBACK/UNSUBACK,
 *       an empty MQTT 5 topic without Topic Alias, and packets out of order or direction
 *       ({@link io.mqttools.protocol.codec.MqttDecoder});</li>
 *   <li>TOPIC_NAME_INVALID: a PUBLISH or will topic that is empty (before MQTT 5) or has wildcards;
 *       TOPIC_FILTER_INVALID: a topic filter {@link io.mqttools.protocol.TopicFilter#validate} refuses;
 *       TOPIC_ALIAS_INVALID: Topic Alias 0 (an alias above the negotiated maximum is the connection's
 *       check, as the codec has no state);</li>
 *   <li>PACKET_TOO_LARGE: the fixed header announces more than the maximum packet size;
 *       UNSUPPORTED_PROTOCOL_VERSION: a CONNECT protocol name/level other than MQIsdp/3, MQTT/4, MQTT/5.</li>
 * </ul>
 * Before MQTT 5 there is no way to send these codes: the receiver just closes the connection.
 */
package io.mqttools.protocol.codec;
