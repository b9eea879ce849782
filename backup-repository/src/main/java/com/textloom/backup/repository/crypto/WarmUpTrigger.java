package com.textloom.backup.repository.crypto;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When the AES-GCM warm-up of one {@link MasterKey.Use} starts: once {@link MasterKey#WARM_UP_AFTER} bytes went
 * through cold, or {@link MasterKey#WARM_UP_AHEAD} bytes were announced ahead, whichever comes first, counting
 * pieces of at least {@link MasterKey#WARM_UP_SIZE} only. Fires at most once; safe from any thread.
 */
final class WarmUpTrigger {
    private final AtomicBoolean fired = new AtomicBoolean();
    private final AtomicLong cold = new AtomicLong();
    private final AtomicLong ahead = new AtomicLong();

    /** A blob of {@code len} bytes is about to be sealed or opened cold; true for the one call that starts it. */
    boolean cold(long len) {
        return count(cold, len, MasterKey.WARM_UP_AFTER);
    }

    /** {@code bytes} are announced to come; true for the one call that starts it. */
    boolean ahead(long bytes) {
        return count(ahead, bytes, MasterKey.WARM_UP_AHEAD);
    }

    private boolean count(AtomicLong counter, long bytes, long threshold) {
        return bytes >= MasterKey.WARM_UP_SIZE
                && !fired.get()
                && counter.addAndGet(bytes) >= threshold
                && fired.compareAndSet(false, true);
    }
}
