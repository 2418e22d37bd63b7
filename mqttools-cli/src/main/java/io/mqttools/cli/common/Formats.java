package io.mqttools.cli.common;

import io.mqttools.protocol.QoS;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Parses option values shared by the client commands, failing with picocli's usage errors. */
public final class Formats {
    private Formats() {
    }

    public static MessageFormat parse(CommandSpec spec, String value) {
        try {
            return MessageFormat.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--message-format must be auto, binary or text, not '" + value + "'");
        }
    }

    public static QoS qos(CommandSpec spec, int value) {
        if (value < 0 || value > 2) {
            throw new ParameterException(spec.commandLine(), "--qos must be 0, 1 or 2, not " + value);
        }
        return QoS.of(value);
    }
}
