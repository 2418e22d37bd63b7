package io.mqttools.broker.security;

import io.mqttools.broker.config.Listener;
import io.mqttools.broker.config.SecurityConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The security files of a broker: those of its {@link SecurityConfig} and, for each listener that has
 * settings of its own ({@code per_listener_settings true}), that listener's. Reloaded and closed together.
 */
public final class ListenerSecurity implements AutoCloseable {
    private final FileSecurity broker;
    /** One per listener, in the listeners' order: the listener's own, or {@link #broker}. */
    private final List<FileSecurity> perListener;

    private ListenerSecurity(FileSecurity broker, List<FileSecurity> perListener) {
        this.broker = broker;
        this.perListener = perListener;
    }

    /**
     * Reads every file named, the broker's and the listeners'; those asked for only.
     *
     * @throws SecurityFileException when a file cannot be read or used; nothing stays open then
     */
    public static ListenerSecurity open(SecurityConfig config, List<Listener> listeners, boolean authentication,
                                        boolean authorization) {
        FileSecurity broker = FileSecurity.open(config, authentication, authorization);
        List<FileSecurity> perListener = new ArrayList<>(listeners.size());
        ListenerSecurity opened = new ListenerSecurity(broker, perListener);
        try {
            for (Listener l : listeners) {
                perListener.add(l.security() == null ? broker
                        : FileSecurity.open(l.security(), authentication, authorization));
            }
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
        return opened;
    }

    /** The broker's files. */
    public FileSecurity broker() {
        return broker;
    }

    /** The files that decide on the listener at this index of the configuration's listeners. */
    public FileSecurity listener(int index) {
        return perListener.get(index);
    }

    /** Whether the listener at this index has settings of its own. */
    public boolean hasOwn(int index) {
        return perListener.get(index) != broker;
    }

    /**
     * Re-reads every file; see {@link FileSecurity#reload()}.
     *
     * @return the problems, empty when every file was re-read
     */
    public List<String> reload() {
        List<String> problems = new ArrayList<>(broker.reload());
        for (FileSecurity own : perListener) {
            if (own != broker) {
                problems.addAll(own.reload());
            }
        }
        return problems;
    }

    @Override
    public void close() {
        broker.close();
        for (FileSecurity own : perListener) {
            if (own != broker) {
                own.close();
            }
        }
    }
}
