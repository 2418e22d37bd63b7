package io.mqttools.broker.transport;

import io.mqttools.broker.config.TlsConfig;
import io.netty.handler.ssl.SslContext;
import java.util.function.Supplier;

/**
 * A listener's TLS context, replaced by {@link #reload()} when the PEM files change (SIGHUP). The channel
 * initializer asks for the current one per new connection; a connection keeps the context its TLS
 * handler was made with, so live connections are not affected. Thread-safe: a volatile reference.
 */
final class ReloadableTlsContext implements Supplier<SslContext> {
    private final TlsConfig config;
    private volatile SslContext current;

    /** @throws IllegalArgumentException naming the file when the TLS files cannot be used */
    ReloadableTlsContext(TlsConfig config) {
        this.config = config;
        this.current = TlsContexts.server(config);
    }

    @Override
    public SslContext get() {
        return current;
    }

    /**
     * Builds a new context from the same files; on failure the previous context stays.
     *
     * @throws IllegalArgumentException naming the file at fault
     */
    void reload() {
        current = TlsContexts.server(config);
    }

    TlsConfig config() {
        return config;
    }
}
