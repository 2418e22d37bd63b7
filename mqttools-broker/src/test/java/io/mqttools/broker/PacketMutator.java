package io.mqttools.broker;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.ReasonCode;
import io.mqttools.protocol.RetainHandling;
import io.mqttools.protocol.codec.PacketEncoder;
import io.mqttools.protocol.packet.Auth;
import io.mqttools.protocol.packet.Connect;
import io.mqttools.protocol.packet.Disconnect;
import io.mqttools.protocol.packet.Packet;
import io.mqttools.protocol.packet.PingReq;
import io.mqttools.protocol.packet.PubAck;
import io.mqttools.protocol.packet.PubComp;
import io.mqttools.protocol.packet.PubRec;
import io.mqttools.protocol.packet.PubRel;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.Subscribe;
import io.mqttools.protocol.packet.Subscription;
import io.mqttools.protocol.packet.Unsubscribe;
import io.mqttools.protocol.packet.Will;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes client byte streams for fuzzing the broker: well-formed packets of every kind a client may send
 * (encoded by our codec, so every field and property is there to be broken), each then left alone or
 * mutated — bits flipped, bytes overwritten, inserted, deleted or repeated, the Remaining Length
 * rewritten, the packet cut short, random bytes — and a packet that is random bytes throughout.
 * Deterministic for a seed, so that a failing case can be replayed.
 */
final class PacketMutator {
    private static final String[] TOPICS = {"a", "a/b", "sensors/+/t", "#", "$share/g/x", "$SYS/x", "", "a//b",
            "a/#/b", "x+y", "\u00e9t\u00e9"};

    private final SplittableRandom random;

    PacketMutator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The protocol version a session speaks. */
    ProtocolVersion version() {
        ProtocolVersion[] all = ProtocolVersion.values();
        return all[random.nextInt(all.length)];
    }

    /** A CONNECT, mutated with probability {@code mutate}. */
    byte[] connect(ProtocolVersion v, String clientId, double mutate) {
        Properties props = v == ProtocolVersion.MQTT_5 ? properties(PropertyId.SESSION_EXPIRY_INTERVAL,
                PropertyId.RECEIVE_MAXIMUM, PropertyId.TOPIC_ALIAS_MAXIMUM, PropertyId.MAXIMUM_PACKET_SIZE,
                PropertyId.REQUEST_PROBLEM_INFORMATION, PropertyId.USER_PROPERTY) : Properties.EMPTY;
        Will will = random.nextInt(3) == 0 ? new Will(topic(), Bytes.utf8("will"), qos(), random.nextBoolean(),
                v == ProtocolVersion.MQTT_5 ? properties(PropertyId.WILL_DELAY_INTERVAL,
                        PropertyId.MESSAGE_EXPIRY_INTERVAL, PropertyId.CONTENT_TYPE) : Properties.EMPTY) : null;
        String user = random.nextInt(3) == 0 ? "user" : null;
        Bytes password = user != null && random.nextBoolean() ? Bytes.utf8("secret") : null;
        Connect c = new Connect(v, clientId, random.nextBoolean(), 1 + random.nextInt(60), user, password, will, props);
        return maybeMutate(encode(v, c), mutate);
    }

    /** A packet a client may send after CONNECT, mutated with probability {@code mutate}. */
    byte[] next(ProtocolVersion v, double mutate) {
        if (random.nextInt(50) == 0) {
            return randomBytes(1 + random.nextInt(64));
        }
        Packet packet;
        try {
            packet = packet(v);
        } catch (IllegalArgumentException refusedByTheRecord) {
            packet = PingReq.INSTANCE;
        }
        return maybeMutate(encode(v, packet), mutate);
    }

    private Packet packet(ProtocolVersion v) {
        boolean v5 = v == ProtocolVersion.MQTT_5;
        int id = 1 + random.nextInt(65_535);
        return switch (random.nextInt(12)) {
            case 0, 1, 2 -> {
                QoS qos = qos();
                yield new Publish(publishTopic(), qos, random.nextBoolean(), false, qos == QoS.AT_MOST_ONCE ? 0 : id,
                        Bytes.wrap(randomBytes(random.nextInt(200))), v5 ? properties(PropertyId.PAYLOAD_FORMAT_INDICATOR,
                        PropertyId.MESSAGE_EXPIRY_INTERVAL, PropertyId.TOPIC_ALIAS, PropertyId.RESPONSE_TOPIC,
                        PropertyId.CORRELATION_DATA, PropertyId.USER_PROPERTY, PropertyId.CONTENT_TYPE) : Properties.EMPTY);
            }
            case 3 -> new PubAck(id);
            case 4 -> new PubRec(id);
            case 5 -> new PubRel(id);
            case 6 -> new PubComp(id);
            case 7, 8 -> new Subscribe(id, List.of(new Subscription(topic(), qos(), v5 && random.nextBoolean(),
                    v5 && random.nextBoolean(), v5 ? RetainHandling.values()[random.nextInt(3)] : RetainHandling.SEND_ON_SUBSCRIBE)),
                    v5 ? properties(PropertyId.SUBSCRIPTION_IDENTIFIER, PropertyId.USER_PROPERTY) : Properties.EMPTY);
            case 9 -> new Unsubscribe(id, List.of(topic()), Properties.EMPTY);
            case 10 -> v5 && random.nextBoolean()
                    ? new Auth(ReasonCode.RE_AUTHENTICATE, Properties.builder()
                    .set(PropertyId.AUTHENTICATION_METHOD, "SCRAM-SHA-256").build())
                    : PingReq.INSTANCE;
            default -> random.nextInt(4) == 0 ? (v5 ? new Disconnect(ReasonCode.DISCONNECT_WITH_WILL_MESSAGE,
                    properties(PropertyId.SESSION_EXPIRY_INTERVAL, PropertyId.REASON_STRING)) : Disconnect.NORMAL)
                    : PingReq.INSTANCE;
        };
    }

    /** A subset of the given properties with random values of their types. */
    private Properties properties(PropertyId... candidates) {
        Properties.Builder b = Properties.builder();
        for (PropertyId id : candidates) {
            if (random.nextInt(3) != 0) {
                continue;
            }
            switch (id) {
                case USER_PROPERTY -> b.userProperty("k" + random.nextInt(10), "v");
                case SUBSCRIPTION_IDENTIFIER -> b.subscriptionIdentifier(1 + random.nextInt(1000));
                case CONTENT_TYPE, RESPONSE_TOPIC, REASON_STRING -> b.set(id, random.nextBoolean() ? "text/plain" : "r/t");
                case CORRELATION_DATA -> b.set(id, Bytes.wrap(randomBytes(8)));
                case PAYLOAD_FORMAT_INDICATOR, REQUEST_PROBLEM_INFORMATION -> b.set(id, random.nextInt(2));
                case RECEIVE_MAXIMUM, TOPIC_ALIAS_MAXIMUM, TOPIC_ALIAS -> b.set(id, 1 + random.nextInt(20));
                case MAXIMUM_PACKET_SIZE -> b.set(id, 64 + random.nextInt(100_000));
                default -> b.set(id, (long) random.nextInt(100)); // intervals in seconds
            }
        }
        return b.build();
    }

    private String topic() {
        return TOPICS[random.nextInt(TOPICS.length)];
    }

    private String publishTopic() {
        String t = topic();
        return t.isEmpty() || t.contains("+") || t.contains("#") ? "a/b" : t;
    }

    private QoS qos() {
        return QoS.values()[random.nextInt(3)];
    }

    private byte[] maybeMutate(byte[] packet, double probability) {
        if (random.nextDouble() >= probability) {
            return packet;
        }
        byte[] out = packet;
        for (int rounds = 1 + random.nextInt(3); rounds > 0; rounds--) {
            out = mutate(out);
        }
        return out;
    }

    private byte[] mutate(byte[] p) {
        if (p.length == 0) {
            return randomBytes(1 + random.nextInt(8));
        }
        int at = random.nextInt(p.length);
        switch (random.nextInt(8)) {
            case 0 -> { // flip one bit
                byte[] q = p.clone();
                q[at] ^= (byte) (1 << random.nextInt(8));
                return q;
            }
            case 1 -> { // overwrite a byte with an interesting value
                byte[] q = p.clone();
                int[] interesting = {0x00, 0x01, 0x7F, 0x80, 0xFF, 0xFE, 0x3F, 0x26, 0x0B};
                q[at] = (byte) interesting[random.nextInt(interesting.length)];
                return q;
            }
            case 2 -> { // insert random bytes
                byte[] extra = randomBytes(1 + random.nextInt(8));
                byte[] q = new byte[p.length + extra.length];
                System.arraycopy(p, 0, q, 0, at);
                System.arraycopy(extra, 0, q, at, extra.length);
                System.arraycopy(p, at, q, at + extra.length, p.length - at);
                return q;
            }
            case 3 -> { // delete a range
                int n = Math.min(p.length - at, 1 + random.nextInt(8));
                byte[] q = new byte[p.length - n];
                System.arraycopy(p, 0, q, 0, at);
                System.arraycopy(p, at + n, q, at, p.length - at - n);
                return q;
            }
            case 4 -> { // repeat a chunk
                int n = Math.min(p.length - at, 1 + random.nextInt(16));
                byte[] q = Arrays.copyOf(p, p.length + n);
                System.arraycopy(p, at, q, p.length, n);
                return q;
            }
            case 5 -> { // cut short
                return Arrays.copyOf(p, at);
            }
            case 6 -> { // a different Remaining Length, in up to 5 bytes (the 5th is always malformed)
                int headerEnd = 1;
                while (headerEnd < p.length && (p[headerEnd] & 0x80) != 0) {
                    headerEnd++;
                }
                headerEnd = Math.min(headerEnd + 1, p.length);
                int len = random.nextInt(4) == 0 ? 1 + random.nextInt(5) : random.nextInt(3);
                byte[] lengthBytes = randomBytes(len);
                for (int i = 0; i < len - 1; i++) {
                    lengthBytes[i] |= (byte) 0x80;
                }
                if (len > 0) {
                    lengthBytes[len - 1] &= 0x7F;
                }
                ByteArrayOutputStream q = new ByteArrayOutputStream();
                q.write(p[0]);
                q.writeBytes(lengthBytes);
                q.write(p, headerEnd, p.length - headerEnd);
                return q.toByteArray();
            }
            default -> { // change the first byte: packet type and flags
                byte[] q = p.clone();
                q[0] = (byte) random.nextInt(256);
                return q;
            }
        }
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }

    private static byte[] encode(ProtocolVersion v, Packet packet) {
        ByteBuf buf = PacketEncoder.encode(ByteBufAllocator.DEFAULT, v, packet);
        try {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            return bytes;
        } finally {
            buf.release();
        }
    }
}
