package com.textloom.backup.recovery.scenario;

import com.textloom.backup.events.Comparison;
import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.RestoredComponent;
import com.textloom.backup.recovery.assess.RedisCheck;
import com.textloom.backup.recovery.catalog.BackupInfo;
import com.textloom.backup.recovery.config.RecoverConfig;
import com.textloom.backup.recovery.engine.PlannedStep;
import com.textloom.backup.recovery.engine.StepOutcome;
import com.textloom.backup.recovery.plan.Steps;
import com.textloom.backup.recovery.redis.RedisTargets;
import com.textloom.backup.recovery.run.StepRecord;
import com.textloom.backup.support.redis.RdbVersions;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * redis_failure's fast path when the server is down anyway: a cold start from the backup's RDB file instead of the
 * online {@code RESTORE} of every key (measured for 1 M keys: 3.7 s against 21.7 s).
 *
 * <p>Chosen ({@link #choose}) before anything runs, so the dry run shows the path and why, only when all hold: nothing
 * accepts connections at REDIS_URL's address (down, not just flushed: a server that answers keeps serving and gets
 * the online restore), BACKUP_DR_REDIS_RESTART_COMMAND is set, BACKUP_DR_REDIS_DATA_DIR is set and is a directory on
 * this machine, it holds no AOF ({@code appendonlydir}, {@code appendonly.aof}: a server with {@code appendonly
 * yes} would load that instead of the RDB file), and the server can load the backup's RDB version ({@link
 * #unreadable}: the backup's {@code rdb_version} is not newer than that of the server's own RDB file; a Redis refuses
 * to start on a newer one). Otherwise the online path, as before.
 *
 * <p>The cold path: the server's RDB file (BACKUP_DR_REDIS_RDB_FILE) is renamed to {@code <file>.failed_<time>}
 * (kept, never deleted; this rename is the only thing disaster recovery writes itself); the manager writes the backup's
 * RDB stream as that file (RestoreRequested {@code target_dir} + {@code target_file}; it refuses an existing file,
 * checks the directory against its BACKUP_RESTORE_ROOTS and compares the written file's key counts and digests per db
 * with the backup's); the restart hook starts the server; once it answers and has finished loading, the keys it
 * loaded per db ({@code INFO keyspace}, plus {@code rdb_last_load_keys_expired}) are compared with those recorded at
 * backup time and added to the proof.
 */
@ApplicationScoped
public class RedisColdStart {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    @Inject
    RecoverConfig config;

    @Inject
    Steps steps;

    @Inject
    Vertx vertx;

    private final Clock clock = Clock.systemUTC();

    /** The path a recovery takes: {@code cold} with the RDB file {@code dataDir/file}, or online; {@code why} in words. */
    public record Choice(boolean cold, String why, Path dataDir, String file) {
        public Path rdb() {
            return dataDir.resolve(file);
        }
    }

    /**
     * Chooses the path for the server of {@code r} to restore backup {@code b} now (a TCP connect and a look at the
     * data directory; nothing written).
     */
    public Choice choose(RedisTargets r, BackupInfo b) {
        String where = "Redis at " + r.host() + ":" + r.port();
        if (r.answers(Duration.ofSeconds(2))) {
            return online(where + " answers (its data is lost, the server is not down): the online RESTORE rewrites it"
                    + " while it keeps serving");
        }
        if (config.redisRestartCommand().filter(h -> !h.isBlank()).isEmpty()) {
            return online(where + " is down and BACKUP_DR_REDIS_RESTART_COMMAND is not set: nothing can start it on a"
                    + " restored RDB file");
        }
        Optional<Path> configured =
                config.redisDataDir().filter(p -> !p.toString().isBlank());
        if (configured.isEmpty()) {
            return online(where + " is down but BACKUP_DR_REDIS_DATA_DIR is not set: the server's data directory is"
                    + " unknown, so no cold start from the RDB file");
        }
        Path dir = configured.get().toAbsolutePath().normalize();
        String file = config.redisRdbFile();
        if (!file.matches("[A-Za-z0-9_][A-Za-z0-9._-]{0,254}")) {
            return online("BACKUP_DR_REDIS_RDB_FILE '" + file + "' is not a plain file name: no cold start");
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return online(where + " is down but BACKUP_DR_REDIS_DATA_DIR " + dir
                    + " is not a directory on this machine:" + " no cold start");
        }
        for (String aof : List.of("appendonlydir", "appendonly.aof")) {
            if (Files.exists(dir.resolve(aof), LinkOption.NOFOLLOW_LINKS)) {
                return online(where + " is down but " + dir.resolve(aof) + " exists: a server with appendonly yes loads"
                        + " its AOF, not the RDB file, so a cold start would not bring the backup back");
            }
        }
        String unreadable = unreadable(dir.resolve(file), b);
        if (unreadable != null) {
            return online(where + " is down but " + unreadable + ": the online path starts it on its own file and"
                    + " the manager's RESTORE checks the running server first, refusing before anything is changed");
        }
        return new Choice(
                true,
                where + " is down, BACKUP_DR_REDIS_RESTART_COMMAND is set and its data directory " + dir
                        + " is here: a cold start on the backup's RDB file " + file + " is the fast path",
                dir,
                file);
    }

    /**
     * Why the server might not load backup {@code b}'s RDB file, or null when it will. A Redis loads no RDB version
     * newer than the one it writes and refuses to start on such a file, so a cold start would leave it down. The
     * server's version is taken from the RDB file it wrote itself ({@code serverRdb}, its header, 9 bytes): written by
     * the binary that runs on this data directory, on this machine, readable while the server is down, unlike an
     * assessment's {@code server_version} (absent when the service never saw the server up) or {@code redis-server
     * --version} (the restart hook is any command, the binary is not known). A server upgraded since it last saved
     * only makes this cautious (the online path, still correct).
     */
    static String unreadable(Path serverRdb, BackupInfo b) {
        BackupInfo.ComponentInfo redis = b.components().get("redis");
        Object recorded = redis == null ? null : redis.figures().get("rdb_version");
        if (recorded == null || !recorded.toString().matches("\\d{1,4}")) {
            return "backup " + b.backupId() + " records no RDB version (rdb_version), so whether the server can load"
                    + " its file is unknown";
        }
        int backup = Integer.parseInt(recorded.toString());
        int server;
        try {
            server = RdbVersions.fileVersion(serverRdb);
        } catch (IOException e) {
            server = -1;
        }
        if (server < 0) {
            return "it left no RDB file of its own (" + serverRdb + " is absent or not an RDB file), so this service"
                    + " cannot tell which RDB versions it loads; backup " + b.backupId() + "'s file is RDB version "
                    + backup + " (written by " + RdbVersions.writtenBy(backup) + ")";
        }
        if (backup > server) {
            return "backup " + b.backupId() + "'s file is RDB version " + backup + " (written by "
                    + RdbVersions.writtenBy(backup) + ") and the server's own " + serverRdb + " is RDB version "
                    + server
                    + " (written by " + RdbVersions.writtenBy(server) + "): Redis never loads a newer RDB version, so"
                    + " it would refuse to start on the backup's file";
        }
        return null;
    }

    private static Choice online(String why) {
        return new Choice(false, why, null, null);
    }

    /** Records the path chosen and why (a reading step: the dry run shows it). */
    public PlannedStep choosePath(Choice c) {
        String path = c.cold() ? "cold start from the backup's RDB file" : "online RESTORE into the running server";
        return PlannedStep.reading(
                "choose_path", "restore Redis by " + path, ctx -> StepOutcome.success(path + ": " + c.why()));
    }

    /** Renames the server's RDB file to {@code <file>.failed_<time>} (kept, never deleted); nothing to do without one. */
    public PlannedStep setAsideRdb(Choice c) {
        Path rdb = c.rdb();
        return PlannedStep.changing(
                        "set_aside_rdb",
                        "rename " + rdb + " to " + c.file() + ".failed_<time> (kept, never"
                                + " deleted) so the manager can write the backup's RDB file there",
                        ctx -> {
                            if (!Files.exists(rdb, LinkOption.NOFOLLOW_LINKS)) {
                                return StepOutcome.success(rdb + " does not exist: nothing to set aside");
                            }
                            Path aside = rdb.resolveSibling(asideName(c.file()));
                            Files.move(
                                    rdb,
                                    aside); // no REPLACE_EXISTING: an existing name is refused, nothing is overwritten
                            ctx.recommend("when the recovery is confirmed, inspect or delete the server's old RDB file "
                                    + aside + " (it is never deleted automatically)");
                            return StepOutcome.success(
                                    "set " + rdb + " aside as " + aside + " (" + Files.size(aside) + " bytes, kept)");
                        })
                .withDryRun(ctx -> StepOutcome.success(
                        Files.exists(rdb, LinkOption.NOFOLLOW_LINKS)
                                ? "would rename " + rdb + " to " + asideName(c.file()) + " (kept)"
                                : rdb + " does not exist: nothing to set aside"));
    }

    private String asideName(String file) {
        return file + ".failed_" + STAMP.format(clock.instant());
    }

    /**
     * Starts the server through BACKUP_DR_REDIS_RESTART_COMMAND, waits until it answers and has loaded its data set,
     * and compares the keys it loaded per db with those backup {@code b} recorded; the comparison joins the restored
     * component's figures, so {@code prove} shows both the file's digests and the server's keys.
     */
    public PlannedStep startCold(Choice c, RedisTargets r, BackupInfo b) {
        String where = r.host() + ":" + r.port();
        return PlannedStep.changing(
                        "start_redis",
                        "start Redis at " + where + " on " + c.rdb()
                                + " (BACKUP_DR_REDIS_RESTART_COMMAND), wait until it has loaded it, compare its keys per db",
                        ctx -> {
                            if (r.answers(Duration.ofSeconds(1))) {
                                return StepOutcome.failed(
                                        "Redis answers at " + where + " before the restart hook ran: something started"
                                                + " it meanwhile, so it may not hold the restored file; run the recovery again (online path)");
                            }
                            String hook = config.redisRestartCommand().orElseThrow();
                            StepOutcome ran = steps.runHook(ctx, "BACKUP_DR_REDIS_RESTART_COMMAND", hook);
                            if (!StepRecord.SUCCESS.equals(ran.status())) {
                                return ran;
                            }
                            long t0 = System.nanoTime();
                            Map<String, String> info = awaitLoaded(r, ran);
                            if (info == null) {
                                return new StepOutcome(
                                        StepRecord.FAILED,
                                        ran.detail() + ", but Redis at " + where + " did not answer"
                                                + " with its data set loaded within " + START_TIMEOUT.toSeconds()
                                                + " s (then "
                                                + config.restoreTimeout() + " for loading)",
                                        ran.output());
                            }
                            String loaded =
                                    "loaded in " + String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - t0) / 1e9);
                            List<Comparison> keys = compareKeys(b, info);
                            RestoredComponent file = ctx.restored().get("redis");
                            if (file != null) {
                                List<Comparison> all = new ArrayList<>(file.comparisons());
                                all.addAll(keys);
                                boolean equal = Boolean.TRUE.equals(file.equal())
                                        && keys.stream().allMatch(Comparison::equal);
                                ctx.restored()
                                        .put(
                                                "redis",
                                                new RestoredComponent(
                                                        "redis",
                                                        equal ? file.status() : Outcome.PARTIAL,
                                                        "redis://" + where + " (cold start on " + c.rdb() + ")",
                                                        file.bytesWritten(),
                                                        file.files(),
                                                        file.durationMs(),
                                                        equal,
                                                        all,
                                                        file.error()));
                            }
                            List<String> differ = keys.stream()
                                    .filter(k -> !k.equal())
                                    .map(k -> k.item() + ": recorded " + k.expected() + ", loaded " + k.actual())
                                    .toList();
                            if (!differ.isEmpty()) {
                                return new StepOutcome(
                                        StepRecord.FAILED,
                                        ran.detail() + "; Redis answers at " + where + ", " + loaded
                                                + ", but its keys differ from the backup's: "
                                                + String.join("; ", differ),
                                        ran.output());
                            }
                            return new StepOutcome(
                                    StepRecord.SUCCESS,
                                    ran.detail() + "; Redis answers at " + where + ", " + loaded + ": "
                                            + String.join(
                                                    ", ",
                                                    keys.stream()
                                                            .map(k -> k.item() + "=" + k.actual())
                                                            .toList()),
                                    ran.output());
                        })
                .withDryRun(ctx -> StepOutcome.success("would run BACKUP_DR_REDIS_RESTART_COMMAND to start Redis at "
                        + where + " on " + c.rdb() + " and wait until it has loaded it"));
    }

    /** INFO once the server answers and is not loading any more; null when it does not in time. */
    private Map<String, String> awaitLoaded(RedisTargets r, StepOutcome ran) throws InterruptedException {
        long up = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!r.answers(Duration.ofSeconds(1))) {
            if (System.nanoTime() > up) {
                return null;
            }
            Thread.sleep(100);
        }
        long loadedBy = System.nanoTime() + config.restoreTimeout().toNanos();
        while (System.nanoTime() < loadedBy) {
            try {
                Map<String, String> info = RedisCheck.info(r.info(vertx));
                if ("0".equals(info.get("loading")) && !"1".equals(info.get("async_loading"))) {
                    return info;
                }
            } catch (IllegalStateException e) {
                // not answering commands yet
            }
            Thread.sleep(100);
        }
        return null;
    }

    /**
     * {@code server.db.<n>.keys} per db the backup recorded: recorded against loaded. Keys whose TTL ran out between
     * the backup and the start are not loaded by Redis ({@code rdb_last_load_keys_expired}); when it reports some,
     * a db may hold fewer, and the totals must add up instead.
     */
    static List<Comparison> compareKeys(BackupInfo b, Map<String, String> info) {
        Map<Integer, Long> recorded = RedisCheck.recordedKeys(b);
        Map<Integer, Long> now = RedisCheck.keyspace(info);
        long expired = RedisCheck.number(info.get("rdb_last_load_keys_expired"));
        long recordedTotal =
                recorded.values().stream().mapToLong(Long::longValue).sum();
        long loadedTotal = now.values().stream().mapToLong(Long::longValue).sum();
        boolean totalsAddUp = loadedTotal + expired == recordedTotal;
        List<Comparison> out = new ArrayList<>();
        Map<Integer, Long> dbs = new TreeMap<>(recorded);
        now.keySet().forEach(db -> dbs.putIfAbsent(db, 0L));
        for (Map.Entry<Integer, Long> e : dbs.entrySet()) {
            long loaded = now.getOrDefault(e.getKey(), 0L);
            boolean equal = loaded == e.getValue() || (expired > 0 && totalsAddUp && loaded <= e.getValue());
            out.add(new Comparison(
                    "server.db." + e.getKey() + ".keys", Long.toString(e.getValue()), Long.toString(loaded), equal));
        }
        if (expired > 0) {
            out.add(new Comparison("server.keys_expired_on_load", "-", Long.toString(expired), totalsAddUp));
        }
        return out;
    }
}
