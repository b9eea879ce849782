package com.textloom.backup.manager.source.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A dump behind another session's table lock fails naming the lock, whichever gives up first: {@code pg_dump
 * --lock-wait-timeout} reports a statement timeout (the clean-clone CI of a2dc265 saw that reason alone when the
 * dump failed before the figures query's {@code lock_timeout}), so the reason is derived from the dump's own words.
 */
class LockWaitReasonTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aLockTableCancelledByTheStatementTimeoutNamesTheLockAndTheTable() {
        String stderr = "pg_dump exited with status 1: pg_dump: error: query failed: ERROR:  canceling statement due"
                + " to statement timeout\npg_dump: detail: Query was: LOCK TABLE public.notes IN ACCESS SHARE MODE";
        assertEquals(
                "lock timeout: waited 10000 ms for a lock on table public.notes, which another session holds",
                PostgresSource.lockWaitReason(stderr, WAIT));
    }

    @Test
    void otherFailuresAreLeftAsTheToolSaidThem() {
        assertNull(PostgresSource.lockWaitReason(
                "pg_dump exited with status 1: pg_dump: error: connection to server failed", WAIT));
        assertNull(PostgresSource.lockWaitReason(
                "ERROR: canceling statement due to statement timeout\nQuery was: COPY public.notes TO stdout", WAIT));
        assertNull(PostgresSource.lockWaitReason(null, WAIT));
    }
}
