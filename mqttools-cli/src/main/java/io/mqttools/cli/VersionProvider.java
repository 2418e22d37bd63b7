package io.mqttools.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reads the version Maven filtered into {@code mqttools-version.properties}. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/mqttools-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new String[] {
            "mqttools " + p.getProperty("version", "unknown"),
            "JVM: ${java.version} (${java.vendor} ${java.vm.name} ${java.vm.version})",
            "MQTT: 5.0, 3.1.1, 3.1"
        };
    }
}
