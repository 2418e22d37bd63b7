package io.mqttools.protocol.codec;

import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.ReasonCode;
import io.netty.buffer.ByteBuf;

/**
 * The start of a CONNECT's variable header, the only version-neutral part of it: protocol name and
 * protocol level, which choose the codec for the rest of the connection.
 */
public final class ProtocolHeader {
    private ProtocolHeader() {
    }

    /**
     * Reads protocol name and level.
     *
     * @throws DecodeException UNSUPPORTED_PROTOCOL_VERSION for a name/level pair other than
     *         MQIsdp/3, MQTT/4 and MQTT/5 ([MQTT-3.1.2-1] [MQTT-3.1.2-2]); MALFORMED_PACKET if unreadable
     */
    public static ProtocolVersion read(ByteBuf body) throws DecodeException {
        String name = MqttStrings.readUtf8(body);
        int level = body.readUnsignedByte();
        ProtocolVersion version = ProtocolVersion.of(name, level);
        if (version == null) {
            // [MQTT-3.1.2-1] [MQTT-3.1.2-2] the server answers CONNACK 0x84 (3.1.1: return code 1) and closes
            throw new DecodeException(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION,
                    "unsupported protocol '" + name + "' level " + level);
        }
        return version;
    }

    /** The version a CONNECT body names, without consuming it; null when it names none we speak. */
    public static ProtocolVersion peek(ByteBuf body) {
        try {
            return read(body.duplicate());
        } catch (DecodeException | IndexOutOfBoundsException e) {
            return null;
        }
    }
}
