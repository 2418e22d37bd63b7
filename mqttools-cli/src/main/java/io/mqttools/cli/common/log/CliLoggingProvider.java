package io.mqttools.cli.common.log;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Found by SLF4J through {@code META-INF/services}. It reads slf4j-simple's system properties when the
 * first logger is created, as slf4j-simple did: {@code org.slf4j.simpleLogger.defaultLogLevel},
 * {@code .log.NAME}, {@code .showDateTime}, {@code .dateTimeFormat} and {@code .logFile}.
 */
public final class CliLoggingProvider implements SLF4JServiceProvider {
    private ILoggerFactory loggerFactory;
    private final IMarkerFactory markerFactory = new BasicMarkerFactory();
    private final MDCAdapter mdcAdapter = new NOPMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        loggerFactory = new CliLoggerFactory(LogSettings.fromSystemProperties());
    }
}
