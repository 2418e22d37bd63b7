package io.mqttools.bench;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.PropertyId;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.codec.DecodeException;
import io.mqttools.protocol.codec.PacketDecoder;
import io.mqttools.protocol.codec.PacketEncoder;
import io.mqttools.protocol.packet.Packet;
import io.mqttools.protocol.packet.Publish;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding and decoding one PUBLISH: topic {@code sensors/room1/temperature}, a 64-byte payload, QoS 1,
 * and in MQTT 5 two properties (Message Expiry Interval and a User Property). Run with {@code -prof gc}
 * for allocated bytes per operation.
 *
 * <p>Buffers come from Netty's pooled allocator, as on a channel: {@link #encode} and {@link #decode}
 * reuse one buffer allocated in setup (the cost of the codec alone); {@link #encodeToNewBuffer} takes a
 * new pooled buffer per operation and releases it (the cost a fan-out PUBLISH pays once).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
public class PublishCodecBenchmark {
    public static final String TOPIC = "sensors/room1/temperature";

    @Param({"5.0", "3.1.1"})
    public String version;

    private ProtocolVersion protocolVersion;
    private Publish publish;
    private ByteBuf out;
    private ByteBuf body;
    private int firstByte;

    @Setup(Level.Trial)
    public void setUp() throws DecodeException {
        protocolVersion = switch (version) {
            case "5.0" -> ProtocolVersion.MQTT_5;
            case "3.1.1" -> ProtocolVersion.MQTT_3_1_1;
            default -> throw new IllegalArgumentException("version " + version);
        };
        byte[] payload = new byte[64];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) ('0' + i % 10);
        }
        Properties properties = protocolVersion.isV5()
                ? Properties.builder().set(PropertyId.MESSAGE_EXPIRY_INTERVAL, 3600L).userProperty("unit", "celsius").build()
                : Properties.EMPTY;
        publish = new Publish(TOPIC, QoS.AT_LEAST_ONCE, false, false, 4711, Bytes.wrap(payload), properties);

        int size = PacketEncoder.encodedSize(protocolVersion, publish);
        out = PooledByteBufAllocator.DEFAULT.directBuffer(size);

        ByteBuf whole = PacketEncoder.encode(PooledByteBufAllocator.DEFAULT, protocolVersion, publish);
        try {
            firstByte = whole.readUnsignedByte();
            while ((whole.readByte() & 0x80) != 0) {
                // skip the remaining length: the body follows
            }
            body = PooledByteBufAllocator.DEFAULT.directBuffer(whole.readableBytes());
            body.writeBytes(whole);
        } finally {
            whole.release();
        }
        if (!decode().equals(publish)) {
            throw new IllegalStateException("decode(encode(p)) != p for " + publish);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        out.release();
        body.release();
    }

    /** Encodes into a buffer reused for every operation. */
    @Benchmark
    public int encode() {
        out.clear();
        PacketEncoder.encode(protocolVersion, publish, out);
        return out.writerIndex();
    }

    /** Encodes into a new pooled buffer, then releases it. */
    @Benchmark
    public int encodeToNewBuffer() {
        ByteBuf buf = PacketEncoder.encode(PooledByteBufAllocator.DEFAULT, protocolVersion, publish);
        int written = buf.writerIndex();
        buf.release();
        return written;
    }

    /** Decodes the packet body from a buffer rewound for every operation. */
    @Benchmark
    public Packet decode() throws DecodeException {
        body.readerIndex(0);
        return PacketDecoder.decode(protocolVersion, firstByte, body);
    }
}
