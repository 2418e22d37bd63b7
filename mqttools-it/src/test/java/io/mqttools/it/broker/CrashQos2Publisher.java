package io.mqttools.it.broker;

import io.mqttools.protocol.Bytes;
import io.mqttools.protocol.Properties;
import io.mqttools.protocol.ProtocolVersion;
import io.mqttools.protocol.QoS;
import io.mqttools.protocol.packet.ConnAck;
import io.mqttools.protocol.packet.Connect;
import io.mqttools.protocol.packet.Packet;
import io.mqttools.protocol.packet.PubComp;
import io.mqttools.protocol.packet.PubRec;
import io.mqttools.protocol.packet.PubRel;
import io.mqttools.protocol.packet.Publish;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A QoS 2 publisher with a persistent MQTT 3.1.1 session that keeps its side of every exchange across
 * connections, as the spec's sender does: after a reconnect it re-sends each PUBLISH not yet answered by
 * PUBREC with DUP set and the same packet id, and each PUBREL not yet answered by PUBCOMP. A message counts
 * as acknowledged once its PUBREC arrives (from then on the broker owns it). So the broker's memory of the
 * QoS 2 ids awaiting PUBREL is what keeps a re-sent PUBLISH from being delivered twice after a crash.
 */
final class CrashQos2Publisher {
    static final String TOPIC = "crash/q2d";

    private final String clientId;
    final Set<String> acked = ConcurrentHashMap.newKeySet();
    /** Session state, guarded by this: PUBLISH sent, no PUBREC yet (id → payload), and PUBREL sent, no PUBCOMP. */
    private final Map<Integer, String> unanswered = new LinkedHashMap<>();
    private final Map<Integer, String> released = new LinkedHashMap<>();
    private final Semaphore window = new Semaphore(32);
    private int nextId = 1;
    private Socket socket;
    private OutputStream out;

    CrashQos2Publisher(String clientId) {
        this.clientId = clientId;
    }

    /** Connects (Clean Session 0) and re-sends what the session had in flight. */
    synchronized void connect(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        DataInputStream in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        send(new Connect(ProtocolVersion.MQTT_3_1_1, clientId, false, 60, null, null, null, Properties.EMPTY));
        Packet ack = Wire311.read(in);
        if (!(ack instanceof ConnAck c) || c.reasonCode().isError()) {
            throw new IOException("not connected: " + ack);
        }
        for (Map.Entry<Integer, String> e : unanswered.entrySet()) { // [MQTT-4.4.0-1] in the original order
            send(publish(e.getKey(), e.getValue(), true));
        }
        for (Integer id : released.keySet()) {
            send(new PubRel(id));
        }
        Thread reader = new Thread(() -> readLoop(in), "crash-qos2-publisher");
        reader.setDaemon(true);
        reader.start();
    }

    /** Publishes one message if the window allows within a second; false when it did not (the broker may be gone). */
    boolean publish(String payload) throws InterruptedException {
        if (!window.tryAcquire(1, TimeUnit.SECONDS)) {
            return false;
        }
        synchronized (this) {
            int id = nextId;
            while (unanswered.containsKey(id) || released.containsKey(id)) {
                id = id % 65_535 + 1;
            }
            nextId = id % 65_535 + 1;
            unanswered.put(id, payload);
            try {
                send(publish(id, payload, false));
            } catch (IOException gone) {
                // stays in the session: re-sent after the reconnect
            }
        }
        return true;
    }

    private static Publish publish(int id, String payload, boolean dup) {
        return new Publish(TOPIC, QoS.EXACTLY_ONCE, false, dup, id, Bytes.utf8(payload), Properties.EMPTY);
    }

    private void readLoop(DataInputStream in) {
        try {
            while (true) {
                Packet p = Wire311.read(in);
                synchronized (this) {
                    if (p instanceof PubRec rec) {
                        String payload = unanswered.remove(rec.packetId());
                        if (payload != null) {
                            acked.add(payload);
                            released.put(rec.packetId(), payload);
                        }
                        if (released.containsKey(rec.packetId())) {
                            send(new PubRel(rec.packetId()));
                        }
                    } else if (p instanceof PubComp comp && released.remove(comp.packetId()) != null) {
                        window.release();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the broker went away: the test reconnects once it is back
        }
    }

    /** True once every message published has been completed (PUBCOMP). */
    synchronized boolean idle() {
        return unanswered.isEmpty() && released.isEmpty();
    }

    void disconnect() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void send(Packet packet) throws IOException {
        Wire311.send(out, packet);
    }
}
