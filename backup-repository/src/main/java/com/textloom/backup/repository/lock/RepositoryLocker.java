package com.textloom.backup.repository.lock;

import com.textloom.backup.repository.RepositoryLockedException;
import com.textloom.backup.repository.crypto.FileIds;
import com.textloom.backup.repository.storage.BlobNotFoundException;
import com.textloom.backup.repository.storage.BlobStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes shared and exclusive locks on a repository (FORMAT.md §9). Backups, restores, verify and
 * copy take a {@linkplain #acquireShared shared} lock; prune (and forget) an
 * {@linkplain #acquireExclusive exclusive} one:
 *
 * <pre>{@code
 * RepositoryLocker locker = new RepositoryLocker(store, LockOptions.defaults(host, "prune"));
 * try (RepositoryLock lock = locker.acquireExclusive(Duration.ofMinutes(5))) {
 *   ...                   // before every deletion:
 *   lock.checkValid();    // throws LeaseLostException once the lease is lost
 * }
 * }</pre>
 *
 * <h2>Protocol and guarantees</h2>
 * <ol>
 *   <li><b>Write, then re-check.</b> A locker looks for conflicting live locks; if there is none it
 *       writes its own lock file, then lists the locks again. If a conflicting live lock appeared
 *       meanwhile it deletes its own file and tries again after a random pause. Because the
 *       store's list sees every put that returned before it (the SPI's read-after-write), of two
 *       racing lockers at least the later one sees the other: two exclusive lockers, or an
 *       exclusive and a shared one, never both win. (Both may back off; the random pause makes one
 *       win the next round.)</li>
 *   <li><b>Stale only after the lease.</b> A lock conflicts until {@code expires + clockSkew} has
 *       passed by this host's clock. Its holder stops at {@code expires} by its own clock, so a
 *       lock is only ever removed once its holder has stopped. A stale lock is re-read just before
 *       it is removed, so a lock refreshed meanwhile is left alone. Nothing else removes another
 *       holder's lock.</li>
 *   <li>A lock file that cannot be parsed conflicts (it is never removed automatically: a person
 *       must look at it).</li>
 *   <li>A locker that gives up throws {@link RepositoryLockedException} naming the oldest
 *       conflicting holder (process, pid, host) and since when it holds the lock.</li>
 * </ol>
 *
 * <p>Thread-safe; one locker may serve many threads. Each acquired {@link RepositoryLock} runs its
 * own refresher until closed.
 */
public final class RepositoryLocker {
    static final String PREFIX = "locks/";
    private static final Logger LOG = LoggerFactory.getLogger(RepositoryLocker.class);

    private final BlobStore store;
    private final LockOptions options;
    private final Clock clock;

    public RepositoryLocker(BlobStore store, LockOptions options) {
        this(store, options, Clock.systemUTC());
    }

    /** With a clock of one's own (tests simulate a skewed host with it). */
    public RepositoryLocker(BlobStore store, LockOptions options, Clock clock) {
        this.store = store;
        this.options = options;
        this.clock = clock;
    }

    /**
     * Takes a shared lock, waiting up to {@code maxWait} while an exclusive lock is held.
     *
     * @throws RepositoryLockedException naming the exclusive holder, when {@code maxWait} passed
     */
    public RepositoryLock acquireShared(Duration maxWait) throws IOException {
        return acquire(LockKind.SHARED, maxWait);
    }

    /**
     * Takes an exclusive lock, waiting up to {@code maxWait} while any other lock is held.
     *
     * @throws RepositoryLockedException naming the oldest holder, when {@code maxWait} passed
     */
    public RepositoryLock acquireExclusive(Duration maxWait) throws IOException {
        return acquire(LockKind.EXCLUSIVE, maxWait);
    }

    /**
     * Takes a lock of {@code kind}, waiting up to {@code maxWait} ({@link Duration#ZERO}: one try).
     */
    public RepositoryLock acquire(LockKind kind, Duration maxWait) throws IOException {
        Instant deadline = clock.instant().plus(maxWait);
        int outrun = 0; // tries whose lease ran out before the re-check finished
        while (true) {
            LockInfo conflict = conflictFor(kind, null);
            if (conflict == null) {
                Instant now = clock.instant();
                LockInfo mine = new LockInfo(
                        FileIds.newId(now.toEpochMilli()),
                        kind,
                        options.host(),
                        ProcessHandle.current().pid(),
                        options.process(),
                        now,
                        now.plus(options.lease()),
                        ProcessStamp.self().orElse(null));
                store.put(PREFIX + mine.id(), mine.toJson());
                try {
                    conflict = conflictFor(kind, mine.id());
                } catch (IOException | RuntimeException e) {
                    store.delete(PREFIX + mine.id());
                    throw e;
                }
                if (conflict == null && clock.instant().isBefore(mine.expires())) {
                    return new RepositoryLock(store, options, clock, mine);
                }
                store.delete(PREFIX + mine.id());
            }
            Instant now = clock.instant();
            if (conflict == null && ++outrun >= 3) {
                throw new com.textloom.backup.repository.storage.StorageException("could not take a "
                        + kind.wireName() + " lock on " + store.describe() + ": writing and checking the"
                        + " lock takes longer than its lease (" + options.lease() + ")");
            }
            if (conflict != null && !now.isBefore(deadline)) {
                throw new RepositoryLockedException(
                        conflict.holder(),
                        conflict.created(),
                        "repository " + store.describe() + " is locked "
                                + conflict.kind().wireName()
                                + " by " + conflict.holder() + " since " + conflict.created()
                                + " (lease until " + conflict.expires() + "); cannot take a "
                                + kind.wireName() + " lock");
            }
            long base = options.retryInterval().toMillis();
            long pause = Math.min(
                    Duration.between(now, deadline).toMillis(),
                    base / 2 + ThreadLocalRandom.current().nextLong(base + 1));
            try {
                Thread.sleep(Math.max(1, pause));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for a lock on " + store.describe());
            }
        }
    }

    /**
     * Every lock in the repository, oldest first, including stale ones; unreadable lock files are
     * left out (see {@link #conflictFor}).
     */
    public List<LockInfo> list() throws IOException {
        List<LockInfo> out = new ArrayList<>();
        for (BlobStore.BlobInfo b : store.list(PREFIX)) {
            try {
                out.add(read(b.name()));
            } catch (BlobNotFoundException released) {
                // released between list and read
            } catch (IllegalArgumentException unreadable) {
                LOG.warn("{}", unreadable.getMessage());
            }
        }
        out.sort(Comparator.comparing(LockInfo::created));
        return out;
    }

    /**
     * Removes the locks whose lease ran out more than the clock skew ago (their holders crashed or
     * lost them), and those of this host whose holder process is gone. Each is re-read just before
     * removal, so one refreshed meanwhile stays.
     *
     * @return the locks removed
     */
    public List<LockInfo> removeStale() throws IOException {
        List<LockInfo> removed = new ArrayList<>();
        for (LockInfo l : list()) {
            if (removeIfStale(l)) {
                removed.add(l);
            }
        }
        return removed;
    }

    /**
     * Why {@code l} no longer holds, or {@code null} while it does: its lease ran out (plus the clock
     * skew), or it was written on this host by a process that is gone ({@link ProcessStamp#liveness}:
     * same boot and pid namespace, and the pid is dead or names a later process).
     */
    private String staleReason(LockInfo l) {
        if (l.staleAt(clock.instant(), options.clockSkew())) {
            return "lease ran out at " + l.expires();
        }
        if (l.host().equals(options.host())
                && ProcessStamp.liveness(l.pid(), l.stamp()) == ProcessStamp.Liveness.GONE) {
            return "its process " + l.pid() + " on " + l.host() + " is gone";
        }
        return null;
    }

    /** Removes {@code l} if it is stale (re-read first); returns whether it was removed. */
    private boolean removeIfStale(LockInfo l) throws IOException {
        if (staleReason(l) == null) {
            return false;
        }
        LockInfo again;
        try {
            again = read(PREFIX + l.id());
        } catch (BlobNotFoundException gone) {
            return false;
        }
        String reason = staleReason(again);
        if (reason == null) {
            return false;
        }
        LOG.warn("removing stale {} lock {} of {}: {}", again.kind().wireName(), again.id(), again.holder(), reason);
        store.delete(PREFIX + l.id());
        return true;
    }

    /** Whether {@code l} still holds: not stale (stale ones are removed here) and not gone. */
    private boolean isLive(LockInfo l) throws IOException {
        if (staleReason(l) == null) {
            return true;
        }
        removeIfStale(l);
        try {
            return staleReason(read(PREFIX + l.id())) == null;
        } catch (BlobNotFoundException gone) {
            return false;
        }
    }

    /**
     * The oldest live lock other than {@code ownId} that a lock of {@code kind} cannot coexist with,
     * or {@code null}. Stale locks met on the way are removed.
     */
    private LockInfo conflictFor(LockKind kind, String ownId) throws IOException {
        LockInfo oldest = null;
        for (BlobStore.BlobInfo b : store.list(PREFIX)) {
            String id = b.name().substring(PREFIX.length());
            if (id.equals(ownId)) {
                continue;
            }
            LockInfo other;
            try {
                other = read(b.name());
                if (!isLive(other) || kind.compatibleWith(other.kind())) {
                    continue;
                }
            } catch (BlobNotFoundException released) {
                continue;
            } catch (IllegalArgumentException unreadable) {
                Instant t = clock.instant();
                other = new LockInfo(
                        id,
                        LockKind.EXCLUSIVE,
                        "?",
                        0,
                        "unreadable lock file " + b.name() + " (inspect and delete it by hand)",
                        t,
                        t);
            }
            if (oldest == null || other.created().isBefore(oldest.created())) {
                oldest = other;
            }
        }
        return oldest;
    }

    private LockInfo read(String name) throws IOException {
        return LockInfo.parse(name.substring(PREFIX.length()), store.readAll(name));
    }
}
