package io.mqttools.protocol.codec;

import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.netty.buffer.ByteBuf;

/**
 * The Connect Flags byte of a CONNECT, read and checked by the rules every version shares. Statement ids
 * are MQTT 5.0's; 3.1.1 numbers the same rules [MQTT-3.1.2-13] to [MQTT-3.1.2-15].
 */
public record ConnectFlags(boolean cleanStart, boolean will, QoS willQos, boolean willRetain,
                           boolean password, boolean username) {

    /** Reads the flags byte and checks it. */
    public static ConnectFlags read(ByteBuf body) throws DecodeException {
        int flags = body.readUnsignedByte();
        if ((flags & 0x01) != 0) {
            // [MQTT-3.1.2-3] the reserved connect flag must be 0
            throw new DecodeException(ReasonCode.MALFORMED_PACKET, "reserved CONNECT flag set");
        }
        boolean will = (flags & 0x04) != 0;
        int willQos = (flags >> 3) & 0x03;
        boolean willRetain = (flags & 0x20) != 0;
        if (!will && willQos != 0) {
            // [MQTT-3.1.2-11] no will, so Will QoS must be 0
            throw new DecodeException(ReasonCode.MALFORMED_PACKET, "Will QoS set without a will");
        }
        if (willQos == 3) {
            // [MQTT-3.1.2-12] Will QoS 3 is malformed
            throw new DecodeException(ReasonCode.MALFORMED_PACKET, "Will QoS 3");
        }
        if (!will && willRetain) {
            // [MQTT-3.1.2-13] no will, so Will Retain must be 0
            throw new DecodeException(ReasonCode.MALFORMED_PACKET, "Will Retain set without a will");
        }
        return new ConnectFlags((flags & 0x02) != 0, will, QoS.of(willQos), willRetain,
                (flags & 0x40) != 0, (flags & 0x80) != 0);
    }
}
