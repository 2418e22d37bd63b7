package io.mqttools.protocol.packet;

import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ReasonCode;

/** The shape PUBACK, PUBREC, PUBREL and PUBCOMP share: packet identifier, reason code, properties. */
public sealed interface Acknowledgement permits PubAck, PubRec, PubRel, PubComp {
    int packetId();

    ReasonCode reasonCode();

    Properties properties();
}
