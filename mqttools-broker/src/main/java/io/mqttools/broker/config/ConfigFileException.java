package io.mqttools.broker.config;

/** A configuration file that cannot be used; the message names the file and, where there is one, the line. */
public final class ConfigFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigFileException(String message) {
        super(message);
    }

    public ConfigFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
