package com.textloom.backup.manager.restore;

import com.textloom.backup.events.RestoreRequested;
import com.textloom.backup.manager.backup.Sources;
import com.textloom.backup.manager.config.ManagerSettings;
import com.textloom.backup.manager.source.database.PostgresLocation;
import com.textloom.backup.manager.source.database.RestoreSpool;
import com.textloom.backup.manager.source.redis.RedisLocation;
import com.textloom.backup.manager.source.redis.RedisRestoreOptions;
import com.textloom.backup.repository.ComponentInfo;
import com.textloom.backup.repository.SnapshotInfo;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides, before anything is written, where each component of a restore goes, and refuses what
 * is not allowed: a component the backup does not hold, a directory outside
 * {@code BACKUP_RESTORE_ROOTS} or reached through a symbolic link ({@link TargetDirectories}), a Redis server
 * not in {@code BACKUP_RESTORE_REDIS_HOSTS} ({@link RedisTargets}), or writing over the live database, Redis or directories without
 * {@code in_place}. Every refusal is a {@link RestoreRefusedException} naming the field.
 */
public final class RestorePlan {

    /** One component's decided target. */
    public sealed interface Target permits DatabaseTarget, RedisTarget, DirectoryTarget, RdbFileTarget {}

    /**
     * The {@code redis} component written as an RDB file ({@code target_dir/target_file}) for a server started cold on
     * it; {@code roots} are the {@code BACKUP_RESTORE_ROOTS} it is checked against again when written.
     */
    public record RdbFileTarget(Path file, List<Path> roots) implements Target {}

    /** A database; {@code spool} is where a parallel pg_restore spools the dump. */
    public record DatabaseTarget(PostgresLocation server, String database, boolean inPlace, RestoreSpool spool)
            implements Target {}

    /** A Redis server; {@code live} is REDIS_URL's, checked against the target again when written. */
    public record RedisTarget(RedisRestoreOptions options, boolean inPlace, RedisLocation live) implements Target {}

    /** A directory; {@code roots} are the {@code BACKUP_RESTORE_ROOTS} it is checked against again when written. */
    public record DirectoryTarget(Path dir, boolean inPlace, List<Path> roots) implements Target {}

    public record Item(RestoreStep step, Target target) {}

    private final List<Item> items;

    private RestorePlan(List<Item> items) {
        this.items = List.copyOf(items);
    }

    public List<Item> items() {
        return items;
    }

    public List<RestoreStep> steps() {
        return items.stream().map(Item::step).toList();
    }

    public boolean anyInPlace() {
        return items.stream().anyMatch(i -> i.step().inPlace());
    }

    /** Plans the restore of {@code req} from snapshot {@code s}. */
    public static RestorePlan of(RestoreRequested req, SnapshotInfo s, String backupId, ManagerSettings settings) {
        Sources.validate(req.components());
        if (req.targetFile() != null && !req.components().equals(List.of("redis"))) {
            throw new RestoreRefusedException(
                    "target_file", "target_file: only with the redis component alone (components [redis])");
        }
        List<String> names = new ArrayList<>();
        if (req.components().isEmpty()) {
            for (String c : Sources.ALL) {
                if (s.component(c).isPresent()) {
                    names.add(c);
                }
            }
        } else {
            for (String c : req.components()) {
                if (s.component(c).isEmpty()) {
                    throw new RestoreRefusedException(
                            "components", "components: backup " + backupId + " holds no " + c);
                }
                names.add(c);
            }
        }
        List<Item> items = new ArrayList<>();
        for (String c : names) {
            long bytes = s.components().stream()
                    .filter(ci -> Sources.partOf(c, ci.name()))
                    .mapToLong(ComponentInfo::bytes)
                    .sum();
            items.add(
                    switch (c) {
                        case "database" -> database(req, backupId, settings, bytes);
                        case "redis" -> redis(req, settings, bytes);
                        case "workspace" -> directory(req, c, settings.workspaceDir(), settings, bytes);
                        default -> directory(req, c, settings.logDir(), settings, bytes);
                    });
        }
        return new RestorePlan(items);
    }

    private static Item database(RestoreRequested req, String backupId, ManagerSettings settings, long bytes) {
        if (settings.databaseUrl() == null) {
            throw new RestoreRefusedException(
                    "components",
                    "components: DATABASE_URL is not set, so there is no server to restore the database to");
        }
        PostgresLocation live = PostgresLocation.parse(settings.databaseUrl());
        String target;
        if (req.inPlace()) {
            if (req.targetDatabase() != null && !req.targetDatabase().equals(live.database())) {
                throw new RestoreRefusedException(
                        "target_database",
                        "target_database: in_place restores over " + live.database()
                                + "; leave target_database out or set in_place to false");
            }
            target = live.database();
        } else {
            target = req.targetDatabase() != null ? req.targetDatabase() : live.database() + "_restored_" + backupId;
            if (target.equals(live.database())) {
                throw new RestoreRefusedException(
                        "target_database",
                        "target_database: " + target
                                + " is the live database; writing over it needs \"in_place\": true");
            }
            if (!target.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
                throw new RestoreRefusedException(
                        "target_database",
                        "target_database: '" + target
                                + "' is not a plain database name (letters, digits, _; at most 63)");
            }
        }
        String action = req.inPlace()
                ? "take a safety backup of " + live + ", then pg_restore over it in one transaction"
                : "create database " + target + " on " + live.withDatabase(target) + " and pg_restore into it";
        return new Item(
                new RestoreStep(
                        "database",
                        live.withDatabase(target).toString(),
                        req.inPlace(),
                        action + ", then compare row counts and digests per table",
                        bytes),
                new DatabaseTarget(live, target, req.inPlace(), spool(settings)));
    }

    /** The manager's database restore spool: {@code <BACKUP_STATE_DIR>/restore-spool}. */
    public static RestoreSpool spool(ManagerSettings settings) {
        return RestoreSpool.in(settings.stateDir().resolve("restore-spool"));
    }

    private static Item redis(RestoreRequested req, ManagerSettings settings, long bytes) {
        if (settings.redisUrl() == null) {
            throw new RestoreRefusedException(
                    "components", "components: REDIS_URL is not set, so there is no server to restore Redis to");
        }
        RedisLocation live = RedisLocation.parse(settings.redisUrl());
        if (req.targetFile() != null) {
            return rdbFile(req, settings, bytes);
        }
        RedisRestoreOptions options;
        if (req.inPlace()) {
            options = new RedisRestoreOptions(live, null, null, RedisRestoreOptions.Mode.REPLACE_ALL);
        } else {
            if (req.targetRedis() == null) {
                throw new RestoreRefusedException(
                        "target_redis",
                        "target_redis: required to restore redis elsewhere (e.g. redis://host:6379/4), or set \"in_place\": true");
            }
            RedisLocation t;
            try {
                t = RedisLocation.parse(req.targetRedis());
            } catch (IllegalArgumentException e) {
                throw new RestoreRefusedException("target_redis", "target_redis: " + e.getMessage());
            }
            RedisTargets.checkAllowed(t, live, settings.redisRestoreHosts());
            if (t.password() == null) {
                // an allowed server without credentials of its own gets the live server's (it may be the live server)
                t = new RedisLocation(t.host(), t.port(), live.user(), live.password(), t.db());
            }
            boolean explicitDb = URI.create(req.targetRedis()).getPath() != null
                    && !URI.create(req.targetRedis()).getPath().replace("/", "").isEmpty();
            options = new RedisRestoreOptions(
                    t, live.db(), explicitDb ? t.db() : live.db(), RedisRestoreOptions.Mode.REPLACE_ALL);
            RedisTargets.checkNotLive(t.withDb(options.targetDb()), live);
        }
        String where = options.target() + (req.inPlace() ? " (every db of the backup)" : "");
        String action = req.inPlace()
                ? "take a safety backup, then replace every backed-up db of " + live
                        + " key by key (RESTORE ... ABSTTL)"
                : "empty db " + options.targetDb() + " of " + options.target().withDb(options.targetDb())
                        + " and write the keys of db " + options.sourceDb() + " into it";
        return new Item(
                new RestoreStep("redis", where, req.inPlace(), action + ", then compare key counts and digests", bytes),
                new RedisTarget(options, req.inPlace(), live));
    }

    /**
     * The redis component as an RDB file {@code target_dir/target_file}: not in place (the server's own file is set
     * aside by whoever asks, and an existing file is refused), {@code target_dir} under {@code BACKUP_RESTORE_ROOTS}.
     */
    private static Item rdbFile(RestoreRequested req, ManagerSettings settings, long bytes) {
        if (req.inPlace() || req.targetRedis() != null || req.targetDir() == null) {
            throw new RestoreRefusedException(
                    "target_file",
                    "target_file: needs target_dir (the Redis data directory), without in_place" + " and target_redis");
        }
        Path file = TargetDirectories.file(req.targetDir(), req.targetFile(), settings.restoreRoots(), req.dryRun());
        String exists = java.nio.file.Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                ? " (it exists now: a restore refuses it until it is set aside)"
                : "";
        return new Item(
                new RestoreStep(
                        "redis",
                        file.toString(),
                        false,
                        "write the backup's RDB stream as " + file + exists
                                + " (a redis-server started cold on it loads it), then compare key counts and digests per db of the"
                                + " written file with the backup's",
                        bytes),
                new RdbFileTarget(file, settings.restoreRoots()));
    }

    private static Item directory(
            RestoreRequested req, String component, Path live, ManagerSettings settings, long bytes) {
        Path liveDir = live.toAbsolutePath().normalize();
        Path target;
        if (req.inPlace()) {
            target = liveDir;
        } else {
            if (req.targetDir() == null) {
                throw new RestoreRefusedException(
                        "target_dir",
                        "target_dir: required to restore " + component + " elsewhere (under " + settings.restoreRoots()
                                + "), or set \"in_place\": true");
            }
            target = TargetDirectories.of(req.targetDir(), component, settings.restoreRoots());
            if (target.startsWith(liveDir) || liveDir.startsWith(target)) {
                throw new RestoreRefusedException(
                        "target_dir",
                        "target_dir: " + target + " overlaps the live " + component
                                + " directory; writing over it needs \"in_place\": true");
            }
        }
        String action = req.inPlace()
                ? "take a safety backup, then restore the " + component + " tree over " + target
                : "restore the " + component + " tree into " + target;
        return new Item(
                new RestoreStep(
                        component,
                        target.toString(),
                        req.inPlace(),
                        action + ", then compare files and bytes with the backup",
                        bytes),
                new DirectoryTarget(target, req.inPlace(), settings.restoreRoots()));
    }
}
