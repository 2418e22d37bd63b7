package io.mqttools.broker.persistence;

/** The data directory holds something this broker cannot read: it is reported, never wiped. */
public final class CorruptStoreException extends IllegalStateException {
    public CorruptStoreException(String message) {
        super(message);
    }
}
