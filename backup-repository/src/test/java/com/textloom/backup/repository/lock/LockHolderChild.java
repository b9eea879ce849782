package com.textloom.backup.repository.lock;

import com.textloom.backup.repository.storage.local.LocalBlobStore;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A child JVM for {@link DeadHolderLockTest}: takes a lock with the library's own locker (default
 * lease, so only a dead-process check can free it early), prints {@code LOCKED <id>} and waits to
 * be killed. Arguments: repository directory, host name, {@code shared} or {@code exclusive}.
 */
public final class LockHolderChild {
    private LockHolderChild() {}

    public static void main(String[] args) throws Exception {
        LocalBlobStore store = LocalBlobStore.open(Path.of(args[0]));
        RepositoryLocker locker = new RepositoryLocker(store, LockOptions.defaults(args[1], "lock holder test child"));
        RepositoryLock lock = locker.acquire(LockKind.fromWireName(args[2]), Duration.ofSeconds(30));
        System.out.println("LOCKED " + lock.info().id());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
