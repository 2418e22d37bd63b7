package io.mqttools.cli.common.log;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

/** One {@link CliLogger} per name, all writing to one {@link LogWriter}. */
final class CliLoggerFactory implements ILoggerFactory {
    private final LogSettings settings;
    private final LogWriter writer;
    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();

    CliLoggerFactory(LogSettings settings) {
        this.settings = settings;
        this.writer = LogWriter.start(settings);
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n -> new CliLogger(n, settings.levelOf(n), writer));
    }
}
