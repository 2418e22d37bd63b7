package io.mqttools.broker.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The broker's version, which Maven filters into {@code version.properties} beside this class. */
public final class BrokerVersion {
    private BrokerVersion() {
    }

    /** The bare version, such as "0.1.0", or "unknown" when run from unfiltered classes. */
    public static String number() {
        Properties p = new Properties();
        try (InputStream in = BrokerVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String v = p.getProperty("version", "unknown");
        return v.startsWith("${") ? "unknown" : v;
    }

    /** As mosquitto says it on $SYS/broker/version: "mqttools version 0.1.0". */
    public static String text() {
        return "mqttools version " + number();
    }
}
