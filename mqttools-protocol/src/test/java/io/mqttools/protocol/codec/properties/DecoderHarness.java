package io.mqttools.protocol.codec.properties;

import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.codec.DecodeException;
import io.mqttools.protocol.codec.MqttDecoder;
import io.mqttools.protocol.packet.Packet;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link MqttDecoder} in an {@link EmbeddedChannel}, fed chunk by chunk, that records what came out
 * and fails the test on anything the decoder's contract forbids: an exception other than a
 * {@link DecodeException}, anything but a Packet read, a second exception or a packet after the first
 * exception (the decoder must discard further input), and a cumulation buffer holding more than an
 * incomplete packet of at most the maximum size.
 */
final class DecoderHarness implements AutoCloseable {
    private static final Method INTERNAL_BUFFER;

    static {
        try {
            INTERNAL_BUFFER = ByteToMessageDecoder.class.getDeclaredMethod("internalBuffer");
            INTERNAL_BUFFER.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MqttDecoder decoder;
    private final EmbeddedChannel channel;
    private final TrackingAllocator allocator = new TrackingAllocator();
    private final int maxPacketSize;
    private final List<Packet> packets = new ArrayList<>();
    private DecodeException failure;
    private int largestBuffered;

    /** A server-side decoder before the CONNECT (version null) or a client-side one. */
    DecoderHarness(ProtocolVersion version, int maxPacketSize) {
        this(new MqttDecoder(version, maxPacketSize), maxPacketSize);
    }

    /** A decoder for either side; a server-side one with a version has had its CONNECT already. */
    DecoderHarness(MqttDecoder.Side side, ProtocolVersion version, int maxPacketSize) {
        this(new MqttDecoder(side, version, maxPacketSize), maxPacketSize);
    }

    private DecoderHarness(MqttDecoder decoder, int maxPacketSize) {
        this.maxPacketSize = maxPacketSize;
        this.decoder = decoder;
        this.channel = new EmbeddedChannel();
        channel.config().setAllocator(allocator);
        channel.pipeline().addLast(MqttDecoder.NAME, decoder);
    }

    MqttDecoder decoder() {
        return decoder;
    }

    List<Packet> packets() {
        return packets;
    }

    /** The decode failure reported, or null. */
    DecodeException failure() {
        return failure;
    }

    /** The most bytes the decoder's cumulation held between two reads. */
    int largestBuffered() {
        return largestBuffered;
    }

    int largestAllocation() {
        return allocator.largestRequest();
    }

    void writeAll(byte[] stream, List<Integer> cuts) {
        int from = 0;
        for (int cut : cuts) {
            int to = Math.min(Math.max(cut, from), stream.length);
            write(stream, from, to - from);
            from = to;
        }
        write(stream, from, stream.length - from);
    }

    void write(byte[] bytes) {
        write(bytes, 0, bytes.length);
    }

    void write(byte[] bytes, int offset, int length) {
        boolean failedBefore = failure != null;
        int before = packets.size();
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, offset, length));
        } catch (Throwable t) {
            record(t);
        }
        drain();
        if (failedBefore && packets.size() != before) {
            throw new AssertionError("decoder produced " + packets.subList(before, packets.size())
                    + " after it had reported " + failure);
        }
        int buffered = buffered();
        largestBuffered = Math.max(largestBuffered, buffered);
        // What stays buffered is an incomplete packet no larger than the maximum, or an incomplete fixed header.
        if (buffered >= Math.max(maxPacketSize, 5)) {
            throw new AssertionError("decoder holds " + buffered + " bytes with a maximum packet size of "
                    + maxPacketSize);
        }
    }

    private void record(Throwable t) {
        DecodeException d = Wire.decodeFailure(t);
        if (d == null) {
            throw new AssertionError("decoder threw something other than a DecodeException", t);
        }
        if (failure != null) {
            throw new AssertionError("decoder reported " + d + " after it had reported " + failure
                    + " and should have discarded the input");
        }
        if (d.reasonCode() == null) {
            throw new AssertionError("DecodeException without a reason code", d);
        }
        failure = d;
    }

    private void drain() {
        for (Object o; (o = channel.readInbound()) != null; ) {
            if (!(o instanceof Packet p)) {
                throw new AssertionError("decoder emitted a " + o.getClass().getName() + ", not a Packet");
            }
            packets.add(p);
        }
    }

    private int buffered() {
        try {
            return ((ByteBuf) INTERNAL_BUFFER.invoke(decoder)).readableBytes();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** Closes the channel (the decoder sees end of input), with the same checks as a write. */
    @Override
    public void close() {
        boolean failedBefore = failure != null;
        int before = packets.size();
        try {
            channel.finish();
        } catch (Throwable t) {
            record(t);
        }
        drain();
        if (failedBefore && packets.size() != before) {
            throw new AssertionError("decoder produced packets at close after it had reported " + failure);
        }
        channel.finishAndReleaseAll();
    }
}
