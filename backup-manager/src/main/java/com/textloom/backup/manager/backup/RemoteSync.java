package com.textloom.backup.manager.backup;

import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.RemoteCopy;
import com.textloom.backup.manager.remote.Remotes;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.copy.CopyOptions;
import com.textloom.backup.repository.copy.CopyReport;
import com.textloom.backup.repository.storage.metrics.StorageMetricsSink;
import com.textloom.backup.repository.storage.retry.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The guide's "local, then remote sync": after a backup, copies what each remote (MinIO, OBS)
 * lacks of the repository there, snapshots last, and reports each copy. A remote that fails is
 * reported with its reason (never a credential); the others are still copied. Since every copy
 * sends all that the remote lacks, a remote that was down catches up at the next backup. Copies
 * never delete; retention ({@code RetentionExecutor}) forgets and prunes on the remotes.
 */
public final class RemoteSync {
    /** How long {@link #presence} waits for all remotes together. */
    public static final Duration PRESENCE_PATIENCE = Duration.ofSeconds(10);

    private static final RetryPolicy ONE_TRY = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1);
    private static final ExecutorService CHECKS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "remote-presence");
        t.setDaemon(true);
        return t;
    });

    private RemoteSync() {}

    /**
     * Where a snapshot is stored remotely, asked of every remote now (one try each, all at once, at
     * most {@link #PRESENCE_PATIENCE}): per remote its {@code location} and {@code status}
     * {@code present} (the snapshot is there, and so, copies sending snapshots last, all it needs),
     * {@code missing}, or {@code unreachable} / {@code unknown} with the {@code error}.
     */
    public static List<Map<String, Object>> presence(
            String snapshotId, List<String> remotes, Map<String, String> environment) {
        List<CompletableFuture<Map<String, Object>>> checks = new ArrayList<>();
        for (String uri : remotes) {
            checks.add(CompletableFuture.supplyAsync(() -> check(uri, snapshotId, environment), CHECKS)
                    .completeOnTimeout(
                            entry(uri, "unknown", "no answer within " + PRESENCE_PATIENCE.toSeconds() + " s"),
                            PRESENCE_PATIENCE.toMillis(),
                            TimeUnit.MILLISECONDS));
        }
        return checks.stream().map(CompletableFuture::join).toList();
    }

    private static Map<String, Object> check(String uri, String snapshotId, Map<String, String> environment) {
        return Remotes.onStore(
                uri,
                environment,
                ONE_TRY,
                (name, remote) -> entry(name, remote.exists("snapshots/" + snapshotId) ? "present" : "missing", null),
                (name, e) -> entry(name, "unreachable", e.getMessage()));
    }

    private static Map<String, Object> entry(String location, String status, String error) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("location", location);
        m.put("status", status);
        if (error != null) {
            m.put("error", error);
        }
        return m;
    }

    /**
     * Copies to every remote in order, under a shared lock on the repository and on the remote as the
     * CLI's {@code repo copy} takes them ({@link Repository#copyTo}): a prune on the remote waits for
     * the copy (or fails after its lock wait) instead of deleting packs whose index is still on its way.
     * One that fails (also: its lock not had within the wait) is reported {@code failed} with its reason.
     */
    public static List<RemoteCopy> copyToAll(Repository repo, List<String> remotes, Map<String, String> environment) {
        return copyToAll(repo, remotes, environment, null);
    }

    /**
     * As {@link #copyToAll(Repository, List, Map)}, each remote's storage operations counted in {@code metrics} (the
     * manager's {@code StorageMeters}, {@code store} = the remote's location without credentials); null: not counted.
     */
    public static List<RemoteCopy> copyToAll(
            Repository repo, List<String> remotes, Map<String, String> environment, StorageMetricsSink metrics) {
        List<RemoteCopy> out = new ArrayList<>();
        for (String uri : remotes) {
            long t0 = System.nanoTime();
            out.add(Remotes.onStore(
                    uri,
                    environment,
                    RetryPolicy.DEFAULT,
                    metrics,
                    (name, destination) -> {
                        CopyReport r = repo.copyTo(destination, CopyOptions.defaults());
                        return new RemoteCopy(
                                name, Outcome.SUCCESS, r.bytesCopied(), (System.nanoTime() - t0) / 1_000_000, null);
                    },
                    (name, e) -> new RemoteCopy(
                            name,
                            Outcome.FAILED,
                            0,
                            (System.nanoTime() - t0) / 1_000_000,
                            "copy to " + name + " failed: " + e.getMessage())));
        }
        return out;
    }
}
