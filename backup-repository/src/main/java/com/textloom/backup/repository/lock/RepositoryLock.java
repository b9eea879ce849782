package com.textloom.backup.repository.lock;

import com.textloom.backup.repository.storage.BlobStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lock held on a repository: a lease in {@code locks/<id>} that a background thread refreshes
 * every {@link LockOptions#refreshInterval()} until {@link #close()}.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>While {@link #checkValid()} returns, the lease has not run out by this host's clock, so no
 *       other process may consider the lock stale (they wait a further
 *       {@link LockOptions#clockSkew()}).</li>
 *   <li>If a refresh cannot be written before the lease runs out, or the lock file disappeared,
 *       the lease is <b>lost</b>: {@link #checkValid()} throws {@link LeaseLostException} from then
 *       on and every {@link LeaseListener} is told once. The lock is never silently renewed after
 *       that, even if the store comes back.</li>
 *   <li>{@link #close()} stops the refresher and deletes this lock's own file, never another's.
 *       It is idempotent.</li>
 * </ul>
 *
 * <p>The holder's work must call {@link #checkValid()} before each step that relies on the lock
 * (before writing an index or a snapshot; before each deletion in prune), or stop when told by a
 * listener.
 */
public final class RepositoryLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RepositoryLock.class);

    private final BlobStore store;
    private final LockOptions options;
    private final Clock clock;
    private final String name;
    private final List<LeaseListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> lostReason = new AtomicReference<>();
    private final ScheduledExecutorService timer;
    private volatile LockInfo info;
    private volatile boolean closed;

    RepositoryLock(BlobStore store, LockOptions options, Clock clock, LockInfo info) {
        this.store = store;
        this.options = options;
        this.clock = clock;
        this.info = info;
        this.name = RepositoryLocker.PREFIX + info.id();
        // two threads: a refresh stuck in a slow put must not delay noticing the lease ran out
        this.timer = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "repository-lock-" + info.id().substring(0, 8));
            t.setDaemon(true);
            return t;
        });
        long refresh = options.refreshInterval().toMillis();
        // acquiring may have taken a while (slow store): refresh at once if half the lease is gone
        long left = Duration.between(clock.instant(), info.expires()).toMillis();
        long first = left < options.lease().toMillis() / 2 ? 0 : refresh;
        timer.scheduleWithFixedDelay(this::refresh, first, refresh, TimeUnit.MILLISECONDS);
        long watch = Math.max(10, Math.min(refresh / 4, 1000));
        timer.scheduleAtFixedRate(this::watchExpiry, watch, watch, TimeUnit.MILLISECONDS);
    }

    /** The lock as last written (its expiry moves with each refresh). */
    public LockInfo info() {
        return info;
    }

    public LockKind kind() {
        return info.kind();
    }

    /** Whether the lease is held: not lost, not closed, not run out. */
    public boolean isValid() {
        return !closed && lostReason.get() == null && clock.instant().isBefore(info.expires());
    }

    /**
     * Returns if the lease is held, else throws.
     *
     * @throws LeaseLostException if the lease was lost or has run out (the message says why), or the
     *     lock was closed
     */
    public void checkValid() throws LeaseLostException {
        String reason = lostReason.get();
        if (reason == null && closed) {
            reason = "the lock was released";
        }
        if (reason == null && !clock.instant().isBefore(info.expires())) {
            reason = lose("the lease ran out at " + info.expires() + " before it could be refreshed");
        }
        if (reason != null) {
            throw new LeaseLostException(
                    "lost the " + info.kind().wireName() + " lock on " + store.describe() + ": " + reason);
        }
    }

    /** Adds a listener told when the lease is lost; told at once if it already is. */
    public void addListener(LeaseListener listener) {
        listeners.add(listener);
        String reason = lostReason.get();
        if (reason != null) {
            listener.leaseLost(this, reason);
        }
    }

    private void refresh() {
        if (closed || lostReason.get() != null) {
            return;
        }
        Instant now = clock.instant();
        if (!now.isBefore(info.expires())) {
            lose("the lease ran out at " + info.expires() + " before it could be refreshed");
            return;
        }
        try {
            if (!store.exists(name)) {
                lose("its lock file " + name + " was removed by someone else");
                return;
            }
            LockInfo next = info.withExpires(now.plus(options.lease()));
            store.put(name, next.toJson());
            if (closed) {
                store.delete(name); // close() ran while we wrote: do not leave a live lock behind
                return;
            }
            info = next;
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "could not refresh lock {} on {} (lease runs out at {}): {}",
                    info.id(),
                    store.describe(),
                    info.expires(),
                    e.toString());
        }
    }

    private void watchExpiry() {
        if (!closed && lostReason.get() == null && !clock.instant().isBefore(info.expires())) {
            lose("the lease ran out at " + info.expires() + " before it could be refreshed");
        }
    }

    private String lose(String reason) {
        if (closed || !lostReason.compareAndSet(null, reason)) {
            return lostReason.get() == null ? reason : lostReason.get();
        }
        LOG.error("lost the {} lock {} on {}: {}", info.kind().wireName(), info.id(), store.describe(), reason);
        for (LeaseListener l : listeners) {
            try {
                l.leaseLost(this, reason);
            } catch (RuntimeException e) {
                LOG.warn("lease listener failed", e);
            }
        }
        timer.shutdown();
        return reason;
    }

    /** Stops refreshing and removes this lock's file. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.delete(name);
    }

    @Override
    public String toString() {
        return "RepositoryLock[" + info.kind().wireName() + " " + info.id() + " " + info.holder() + "]";
    }
}
