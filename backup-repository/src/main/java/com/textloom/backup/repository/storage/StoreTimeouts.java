package com.textloom.backup.repository.storage;

import java.time.Duration;

/**
 * How long a remote store's client waits on the network before a request fails with a {@link TransientStorageException}
 * (which the retrying decorator retries): {@code connect} to open a connection, {@code read} for each read or write
 * on an open connection to make progress. An endpoint that accepts connections and then stops answering therefore
 * fails a request after about {@code read}, never hangs it.
 *
 * @param connect at most this long to open a connection
 * @param read    at most this long without a byte read or written on an open connection
 */
public record StoreTimeouts(Duration connect, Duration read) {
    /** The stores' defaults: 10 s to connect, 2 min of silence on a connection (the clients' own are 5 min each). */
    public static final StoreTimeouts DEFAULT = new StoreTimeouts(Duration.ofSeconds(10), Duration.ofMinutes(2));

    public StoreTimeouts {
        if (connect.isNegative() || connect.isZero() || read.isNegative() || read.isZero()) {
            throw new IllegalArgumentException("store timeouts must be positive: " + connect + ", " + read);
        }
    }
}
