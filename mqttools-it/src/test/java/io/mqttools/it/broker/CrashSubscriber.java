package io.mqttools.it.broker;

import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.packet.ConnAck;
import io.mqttools.protocol.packet.Connect;
import io.mqttools.protocol.packet.Packet;
import io.mqttools.protocol.packet.PubAck;
import io.mqttools.protocol.packet.PubComp;
import io.mqttools.protocol.packet.PubRec;
import io.mqttools.protocol.packet.PubRel;
import io.mqttools.protocol.packet.Publish;
import io.mqttools.protocol.packet.SubAck;
import io.mqttools.protocol.packet.Subscribe;
import io.mqttools.protocol.packet.Subscription;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An MQTT 3.1.1 subscriber with a persistent session that keeps its own session state across
 * connections, as the spec's receiver does: a QoS 2 message is handed on when its PUBLISH first arrives,
 * and a PUBLISH re-sent with a packet id still awaiting PUBREL is acknowledged, not handed on again
 * (4.3.3, method B). It counts how often each payload was handed on: the accounting of the crash test.
 */
final class CrashSubscriber {
    private final String clientId;
    /** Payload → times handed on. */
    final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    /** Session state: QoS 2 packet ids whose PUBREC was sent and whose PUBREL has not come. */
    private final Set<Integer> awaitingRelease = new HashSet<>();
    private Socket socket;
    private Thread reader;

    CrashSubscriber(String clientId) {
        this.clientId = clientId;
    }

    /** Connects (Clean Session 0), subscribes when asked, and reads on a thread of its own until the connection drops. */
    void connect(int port, boolean subscribe) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        DataInputStream in = new DataInputStream(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        send(out, new Connect(ProtocolVersion.MQTT_3_1_1, clientId, false, 60, null, null, null, Properties.EMPTY));
        Packet ack = Wire311.read(in);
        if (!(ack instanceof ConnAck c) || c.reasonCode().isError()) {
            throw new IOException("not connected: " + ack);
        }
        if (subscribe) {
            send(out, new Subscribe(1, List.of(new Subscription("crash/q1", QoS.AT_LEAST_ONCE),
                    new Subscription("crash/q2", QoS.EXACTLY_ONCE),
                    new Subscription(CrashQos2Publisher.TOPIC, QoS.EXACTLY_ONCE)), Properties.EMPTY));
            Packet subAck = Wire311.read(in); // nothing else can come before it on a new session
            if (!(subAck instanceof SubAck)) {
                throw new IOException("expected SUBACK, got " + subAck);
            }
        }
        reader = new Thread(() -> readLoop(in, out), "crash-subscriber");
        reader.setDaemon(true);
        reader.start();
    }

    private void readLoop(DataInputStream in, OutputStream out) {
        try {
            while (true) {
                Packet p = Wire311.read(in);
                if (p instanceof Publish m) {
                    onPublish(m, out);
                } else if (p instanceof PubRel rel) {
                    synchronized (awaitingRelease) {
                        awaitingRelease.remove(rel.packetId());
                    }
                    send(out, new PubComp(rel.packetId()));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the broker went away: the test reconnects once it is back
        }
    }

    private void onPublish(Publish m, OutputStream out) throws IOException {
        switch (m.qos()) {
            case AT_MOST_ONCE -> count(m);
            case AT_LEAST_ONCE -> {
                count(m);
                send(out, new PubAck(m.packetId()));
            }
            case EXACTLY_ONCE -> {
                boolean isNew;
                synchronized (awaitingRelease) {
                    isNew = awaitingRelease.add(m.packetId());
                }
                if (isNew) {
                    count(m);
                }
                send(out, new PubRec(m.packetId()));
            }
        }
    }

    private void count(Publish m) {
        received.computeIfAbsent(m.payload().asUtf8(), k -> new AtomicInteger()).incrementAndGet();
    }

    int times(String payload) {
        AtomicInteger n = received.get(payload);
        return n == null ? 0 : n.get();
    }

    /** Closes the socket and waits for the reader to stop. */
    void disconnect() throws InterruptedException {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        if (reader != null) {
            reader.join(10_000);
        }
    }

    private static synchronized void send(OutputStream out, Packet packet) throws IOException {
        Wire311.send(out, packet);
    }
}
