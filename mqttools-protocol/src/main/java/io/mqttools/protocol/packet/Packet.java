package io.mqttools.protocol.packet;

import io.mqttools.protocol.PacketType;

/**
 * An MQTT control packet. One record per packet type; MQTT 3.1.1 and 3.1 packets use the same records
 * with empty properties and the reason codes their return codes map to.
 */
public sealed interface Packet
        permits Connect, ConnAck, Publish, PubAck, PubRec, PubRel, PubComp, Subscribe, SubAck,
        Unsubscribe, UnsubAck, PingReq, PingResp, Disconnect, Auth {

    PacketType type();

    /** Packet identifiers are 1..65535 where one is required ([MQTT-2.2.1-3]). */
    static int requirePacketId(int packetId) {
        if (packetId < 1 || packetId > 0xFFFF) {
            throw new IllegalArgumentException("packet identifier must be 1..65535, not " + packetId);
        }
        return packetId;
    }
}
