package io.mqttools.protocol.packet;

import io.mqttools.protocol.PacketType;

/** PINGREQ. */
public record PingReq() implements Packet {
    public static final PingReq INSTANCE = new PingReq();

    @Override
    public PacketType type() {
        return PacketType.PINGREQ;
    }
}
