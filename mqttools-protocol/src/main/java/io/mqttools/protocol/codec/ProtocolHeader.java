package io.mqttools.protocol.codec;

import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.ReasonCode;
import io.netty.buffer.ByteBuf;

/**
 * The start of a CONNECT's variable header, the only version-neutral part of it: protocol name and
 * protocol level, which choose the codec for the rest of the connection.
 */
public final class ProtocolHeader {
    /**
     * The top bit of a 3.1 or 3.1.1 protocol level (0x83, 0x84): a bridge (mosquitto's {@code try_private}),
     * not a level of the standard. The broker then sends the bridge's own messages not back to it and keeps
     * their retain flag, as mosquitto does.
     */
    public static final int BRIDGE_BIT = 0x80;

    private ProtocolHeader() {
    }

    /** Whether the CONNECT body at the reader index sets the bridge bit of its protocol level; not consumed. */
    public static boolean bridge(ByteBuf body) {
        int at = body.readerIndex();
        if (body.readableBytes() < 2) {
            return false;
        }
        int levelAt = at + 2 + body.getUnsignedShort(at);
        return levelAt < body.writerIndex() && (body.getUnsignedByte(levelAt) & BRIDGE_BIT) != 0;
    }

    /**
     * Reads protocol name and level.
     *
     * @throws DecodeException UNSUPPORTED_PROTOCOL_VERSION for a name/level pair other than
     *         MQIsdp/3, MQTT/4 and MQTT/5 ([MQTT-3.1.2-1] [MQTT-3.1.2-2]), or those of 3.1 and 3.1.1 with
     *         the bridge bit ({@link #BRIDGE_BIT}); MALFORMED_PACKET if unreadable
     */
    public static ProtocolVersion read(ByteBuf body) throws DecodeException {
        String name = MqttStrings.readUtf8(body);
        int level = body.readUnsignedByte();
        ProtocolVersion version = ProtocolVersion.of(name, level & ~BRIDGE_BIT);
        if (version != null && version.isV5() && (level & BRIDGE_BIT) != 0) {
            version = null; // 5.0 bridges use No Local instead
        }
        if (version == null) {
            // [MQTT-3.1.2-1] [MQTT-3.1.2-2] the server answers CONNACK 0x84 (3.1.1: return code 1) and closes
            throw new DecodeException(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION,
                    "unsupported protocol '" + name + "' level " + level);
        }
        return version;
    }

    /**
     * The protocol level byte of a CONNECT whose body starts at {@code bodyStart}, read without consuming
     * anything, whatever it names; -1 while the buffer does not reach it.
     */
    public static int level(ByteBuf in, int bodyStart) {
        if (bodyStart + 2 > in.writerIndex()) {
            return -1;
        }
        int levelAt = bodyStart + 2 + in.getUnsignedShort(bodyStart);
        return levelAt < in.writerIndex() ? in.getUnsignedByte(levelAt) : -1;
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
