package com.textloom.backup.recovery.plan;

import com.textloom.backup.recovery.assess.ConcurrentAssessor;
import com.textloom.backup.recovery.catalog.BackupCatalog;
import com.textloom.backup.recovery.catalog.BackupInfo;
import com.textloom.backup.recovery.catalog.CatalogUnavailableException;
import com.textloom.backup.recovery.catalog.RepositoryCatalog;
import com.textloom.backup.recovery.config.RecoverConfig;
import com.textloom.backup.recovery.engine.Plan;
import com.textloom.backup.recovery.engine.PlannedStep;
import com.textloom.backup.recovery.engine.RunRequest;
import com.textloom.backup.recovery.postgres.DatabaseAside;
import com.textloom.backup.recovery.redis.RedisTargets;
import com.textloom.backup.recovery.run.RunPlan;
import com.textloom.backup.recovery.run.RunReport;
import com.textloom.backup.recovery.run.RunStore;
import com.textloom.backup.recovery.scenario.RedisColdStart;
import com.textloom.backup.recovery.scenario.Scenario;
import com.textloom.backup.recovery.scenario.StorageFailure;
import com.textloom.backup.repository.storage.location.RepositoryLocation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a scenario of the guide's table (故障场景和恢复时间) into the steps of one recovery or drill, choosing the
 * backup before anything runs, so that a dry run shows exactly the plan a real run executes.
 *
 * <p>Recoveries restore over the live data (only with {@code BACKUP_DR_ALLOW_IN_PLACE=true} or {@code force},
 * refused with 403 otherwise; a dry run is always allowed and says so); drills restore into scratch targets
 * (a new database {@code <db>_drill_<id>}, the spare Redis db {@code BACKUP_DR_DRILL_REDIS_DB}) and never touch
 * production; an application_failure drill checks the hook and the health URL without restarting anything.
 */
@ApplicationScoped
public class ScenarioPlanner {
    @Inject
    RecoverConfig config;

    @Inject
    Steps steps;

    @Inject
    Instance<BackupCatalog> catalogs;

    @Inject
    StorageFailure storageFailure;

    @Inject
    ConcurrentAssessor assessor;

    @Inject
    RedisColdStart coldStart;

    /**
     * The plan of {@code request}, run {@code id}.
     *
     * @throws PlanRefusedException when it cannot be planned (unknown or unusable backup, no backup at all, live
     *                              data without permission, the catalogue unreachable, scenario not built)
     */
    public Plan plan(String id, RunRequest request, RunStore store) {
        Scenario s = request.scenario();
        String source = source(request);
        return switch (s) {
            case DATABASE_FAILURE -> database(id, request, store, source);
            case REDIS_FAILURE -> redis(request, store, source);
            case APPLICATION_FAILURE -> application(request, store);
            case FULL_DISASTER -> fullDisaster(id, request, store, source);
            case STORAGE_FAILURE -> storage(id, request, store);
        };
    }

    /**
     * storage_failure ({@link StorageFailure}): detect → choose the remote → switch the manager to it → verify the
     * newest backup there → rebuild the local repository from it (manual while the local storage is not back) →
     * switch back → assess the storage. The drill ({@link #storageDrill}) switches nothing.
     */
    private Plan storage(String id, RunRequest request, RunStore store) {
        if (request.backupId() != null || request.source() != null) {
            throw new PlanRefusedException(
                    400,
                    "bad_request",
                    "storage_failure chooses the remote and its backup itself:"
                            + " leave backup_id and source out (the dry run shows which)");
        }
        StorageFailure.Choice c = storageFailure.choose();
        if (request.drill()) {
            return storageDrill(id, request, store, c);
        }
        List<PlannedStep> list = List.of(
                steps.detect(request.scenario().id()),
                storageFailure.chooseRemote(c),
                storageFailure.switchToRemote(c),
                storageFailure.verifyRemote(c),
                storageFailure.rebuildLocal(c),
                storageFailure.switchBack(c),
                storageFailure.checkStorage());
        return new Plan(
                new RunPlan(
                        null,
                        c.remote(),
                        storageFailure.targets(c),
                        storageFailure.overwrites(c),
                        lastDrill(request, store).map(RunReport::measuredRtoMs).orElse(null),
                        estimateBasis(request, store)),
                null,
                list);
    }

    /**
     * storage_failure drilled: the manager's own repository is taken as lost (it may really be: nothing is read from
     * it): the newest backup of the chosen remote that did not fail, read from the remote itself
     * ({@link StorageFailure#catalogOf}), is verified there and every component of it that succeeded is restored from
     * the remote into the drill's scratch targets (as a full_disaster drill's), proven, the RPO measured on the
     * remote's backups, and the scratch targets cleaned up. The manager is not switched: production keeps running.
     */
    private Plan storageDrill(String id, RunRequest request, RunStore store, StorageFailure.Choice c) {
        RepositoryCatalog remote = storageFailure.catalogOf(c);
        BackupInfo b;
        try {
            b = remote.list().stream()
                    .filter(x -> !"failed".equals(x.status()))
                    .findFirst()
                    .flatMap(x -> remote.find(x.backupId()))
                    .orElseThrow(() -> new PlanRefusedException(
                            400,
                            "no_backup",
                            "the remote " + c.remote()
                                    + " holds no backup that did not fail: there is nothing to recover from it"));
        } catch (CatalogUnavailableException e) {
            throw new PlanRefusedException(503, "remote_unavailable", e.getMessage());
        }
        List<String> present = Scenario.FULL_DISASTER.components().stream()
                .filter(x -> b.components().get(x) != null
                        && "success".equals(b.components().get(x).status()))
                .toList();
        if (present.isEmpty()) {
            throw new PlanRefusedException(
                    400,
                    "unusable_backup",
                    "backup " + b.backupId() + " in " + c.remote() + " has no component that succeeded");
        }
        List<PlannedStep> list = new ArrayList<>();
        list.add(storageFailure.chooseRemote(c));
        list.add(steps.chooseBackup(b, "the newest backup in " + c.remote() + ", read from it", present));
        list.add(steps.verifyBackup(b, c.remote()));
        Scratch scratch = scratch(id, present);
        Map<String, String> targets = restores(
                b, present, c.remote(), scratch.database(), scratch.redis(), scratch.dir(), " (scratch)", list);
        list.add(steps.prove());
        list.add(steps.measureRpo(present, remote));
        list.add(steps.cleanupScratch(
                scratch.database(), scratch.redis() == null ? null : config.drillRedisDb(), scratch.dir()));
        return new Plan(summary(request, b, c.remote(), targets, List.of(), store), b, list);
    }

    /** A drill's scratch targets: a new database, the spare Redis db (when Redis is restored), a directory of its own. */
    private record Scratch(String database, String redis, java.nio.file.Path dir) {}

    private Scratch scratch(String id, List<String> present) {
        String database = scratchDatabase(liveDatabase(), id);
        RedisTargets r = present.contains("redis") ? redisOrRefuse() : null;
        if (r != null && config.drillRedisDb() == r.liveDb()) {
            throw new PlanRefusedException(
                    400,
                    "not_configured",
                    "BACKUP_DR_DRILL_REDIS_DB=" + config.drillRedisDb()
                            + " is the live Redis db of REDIS_URL: a drill never writes production; choose a spare db");
        }
        return new Scratch(
                database,
                r == null ? null : r.db(config.drillRedisDb()),
                config.drillDir().resolve(id));
    }

    /** One restore step per component of {@code present}, in the guide's order, into the targets given; the targets shown. */
    private Map<String, String> restores(
            BackupInfo b,
            List<String> present,
            String source,
            String database,
            String redis,
            java.nio.file.Path dir,
            String label,
            List<PlannedStep> list) {
        Map<String, String> targets = new LinkedHashMap<>();
        for (String c : present) {
            Steps.Target t = switch (c) {
                case "database" -> new Steps.Target(false, database, null, null, steps.shownDatabase(database));
                case "redis" -> new Steps.Target(false, null, redis, null, redis);
                default ->
                    new Steps.Target(
                            false, null, null, dir.toString(), dir.resolve(c).toString());
            };
            targets.put(c, t.shown() + label);
            list.add(steps.restore(source, b, c, t));
        }
        return targets;
    }

    /**
     * The request's {@code source} as the manager names it: {@code local} (its configured repository), or a configured
     * remote's location as shown ({@code minio} / {@code obs} name the first remote of that kind); null = the
     * repository the manager uses now.
     *
     * @throws PlanRefusedException 400 {@code unknown_source} naming the accepted ones
     */
    private String source(RunRequest request) {
        String asked = request.source();
        if (asked == null || asked.isBlank() || request.scenario() == Scenario.STORAGE_FAILURE) {
            return asked == null || asked.isBlank() ? null : asked;
        }
        if (request.scenario() == Scenario.APPLICATION_FAILURE) {
            throw new PlanRefusedException(
                    400, "bad_request", "source", "source: application_failure restores nothing");
        }
        if ("local".equals(asked)) {
            return asked;
        }
        List<String> shown = new ArrayList<>();
        for (String uri : assessor.settings().remotes()) {
            String name;
            try {
                name = RepositoryLocation.parse(uri, assessor.settings().storageEnvironment())
                        .toString();
            } catch (RuntimeException e) {
                continue;
            }
            if (name.equals(asked)
                    || ("minio".equals(asked) && name.startsWith("s3:"))
                    || ("obs".equals(asked) && name.startsWith("obs:"))) {
                return name;
            }
            shown.add(name);
        }
        throw new PlanRefusedException(
                400,
                "unknown_source",
                "source",
                "source: no repository '" + asked + "'; accepted: local"
                        + (shown.isEmpty()
                                ? " (no remote is configured)"
                                : ", minio / obs (the first remote of that kind), " + String.join(", ", shown)));
    }

    /**
     * full_disaster: everything lost but a repository (the manager's own, e.g. its remote): every component of one
     * backup restored into the standby environment (BACKUP_DR_STANDBY_*) in the guide's order — database, Redis,
     * workspace, logs — proven, then the traffic switch hook. A drill restores into scratch targets instead and never
     * switches.
     */
    private Plan fullDisaster(String id, RunRequest request, RunStore store, String source) {
        List<String> components = request.scenario().components();
        Chosen chosen = chooseAll(request, components);
        BackupInfo b = chosen.backup();
        List<String> present =
                components.stream().filter(c -> b.components().containsKey(c)).toList();
        String database;
        String redis;
        java.nio.file.Path dir;
        if (request.drill()) {
            Scratch scratch = scratch(id, present);
            database = scratch.database();
            redis = scratch.redis();
            dir = scratch.dir();
        } else {
            liveDatabase();
            RedisTargets r = present.contains("redis") ? redisOrRefuse() : null;
            database = config.standbyDatabase()
                    .filter(x -> !x.isBlank())
                    .orElseThrow(
                            () -> new PlanRefusedException(
                                    400,
                                    "not_configured",
                                    "BACKUP_DR_STANDBY_DATABASE is not set: full_disaster restores into the standby environment"));
            redis = r == null
                    ? null
                    : config.standbyRedisUrl()
                            .filter(x -> !x.isBlank())
                            .orElseThrow(
                                    () -> new PlanRefusedException(
                                            400,
                                            "not_configured",
                                            "BACKUP_DR_STANDBY_REDIS_URL is not set: full_disaster restores Redis into the standby environment"));
            dir = config.standbyDir()
                    .orElseThrow(
                            () -> new PlanRefusedException(
                                    400,
                                    "not_configured",
                                    "BACKUP_DR_STANDBY_DIR is not set: full_disaster restores workspace and logs into the standby environment"));
        }
        List<PlannedStep> list = new ArrayList<>();
        if (!request.drill()) {
            list.add(steps.detect(request.scenario().id()));
        }
        list.add(steps.chooseBackup(b, chosen.how(), components));
        list.add(steps.verifyBackup(b, source));
        Map<String, String> targets =
                restores(b, present, source, database, redis, dir, request.drill() ? " (scratch)" : " (standby)", list);
        list.add(steps.prove());
        if (request.drill()) {
            list.add(steps.measureRpo(present));
            list.add(steps.cleanupScratch(database, redis == null ? null : config.drillRedisDb(), dir));
        } else {
            list.add(steps.hook(
                    "switch_traffic",
                    "BACKUP_DR_SWITCH_COMMAND",
                    config.switchCommand(),
                    "switch traffic to the standby environment",
                    "switch traffic to the standby environment by hand (DNS,"
                            + " load balancer) and point TextLoom at database " + database + ", " + redis + " and "
                            + dir));
        }
        return new Plan(summary(request, b, source, targets, List.of(), store), b, list);
    }

    private RedisTargets redisOrRefuse() {
        try {
            return steps.redisTargets();
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new PlanRefusedException(400, "not_configured", e.getMessage());
        }
    }

    /** The backup to recover every component from: asked for, else the newest in which all of them succeeded. */
    private Chosen chooseAll(RunRequest request, List<String> components) {
        if (request.backupId() != null && !request.backupId().isBlank()) {
            return choose(request, components.get(0));
        }
        BackupCatalog catalog = catalogs.get();
        try {
            int lookups = 0;
            for (BackupInfo listed : catalog.list()) {
                if ("failed".equals(listed.status())
                        || !listed.components().keySet().containsAll(components)
                        || ++lookups > 10) {
                    continue;
                }
                Optional<BackupInfo> detail = catalog.find(listed.backupId());
                if (detail.isPresent()
                        && components.stream()
                                .allMatch(c -> detail.get().components().get(c) != null
                                        && "success"
                                                .equals(detail.get()
                                                        .components()
                                                        .get(c)
                                                        .status()))) {
                    return new Chosen(
                            detail.get(),
                            "the newest backup in which " + String.join(", ", components) + " all succeeded");
                }
            }
        } catch (CatalogUnavailableException e) {
            throw new PlanRefusedException(
                    503, "catalog_unavailable", "the manager's backup catalogue cannot be read: " + e.getMessage());
        }
        throw new PlanRefusedException(
                400,
                "no_backup",
                "no backup in which " + String.join(", ", components)
                        + " all succeeded: make one (backup --type full) or name one with backup_id");
    }

    private Plan database(String id, RunRequest request, RunStore store, String source) {
        String db = liveDatabase();
        Chosen chosen = choose(request, "database");
        BackupInfo b = chosen.backup();
        List<PlannedStep> list = new ArrayList<>();
        Map<String, String> targets = new LinkedHashMap<>();
        List<String> overwrites = new ArrayList<>();
        if (request.drill()) {
            String scratch = scratchDatabase(db, id);
            targets.put("database", steps.shownDatabase(scratch) + " (scratch, new)");
            list.add(steps.chooseBackup(b, chosen.how(), List.of("database")));
            list.add(steps.verifyBackup(b, source));
            list.add(steps.restore(
                    source, b, "database", new Steps.Target(false, scratch, null, null, steps.shownDatabase(scratch))));
            list.add(steps.prove());
            list.add(steps.measureRpo(List.of("database")));
            list.add(steps.dropScratchDatabase(scratch));
        } else {
            guardInPlace(request, "database " + db);
            targets.put("database", steps.shownDatabase(db) + " (in place)");
            overwrites.add("database " + db + " on " + steps.shownDatabase(db) + ": set aside as " + db
                    + "_failed_<time> (kept, never dropped), re-created empty and restored in place from backup "
                    + b.backupId() + " (the manager takes a safety backup of the empty database first)");
            list.add(steps.detect(request.scenario().id()));
            list.add(steps.chooseBackup(b, chosen.how(), List.of("database")));
            list.add(steps.verifyBackup(b, source));
            list.add(steps.setAsideDatabase());
            list.add(steps.restore(source, b, "database", Steps.Target.inPlace(steps.shownDatabase(db))));
            list.add(steps.hook(
                    "restart_database",
                    "BACKUP_DR_POSTGRES_RESTART_COMMAND",
                    config.postgresRestartCommand(),
                    "restart PostgreSQL / the application's connections",
                    "restart the application (or its connection pools) so it reconnects to the restored database "
                            + db));
            list.add(steps.prove());
            list.add(steps.checkHealth(List.of("postgresql", "application")));
        }
        return new Plan(summary(request, b, source, targets, overwrites, store), b, list);
    }

    private Plan redis(RunRequest request, RunStore store, String source) {
        RedisTargets r;
        try {
            r = steps.redisTargets();
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new PlanRefusedException(400, "not_configured", e.getMessage());
        }
        Chosen chosen = choose(request, "redis");
        BackupInfo b = chosen.backup();
        List<PlannedStep> list = new ArrayList<>();
        Map<String, String> targets = new LinkedHashMap<>();
        List<String> overwrites = new ArrayList<>();
        if (request.drill()) {
            int spare = config.drillRedisDb();
            if (spare == r.liveDb()) {
                throw new PlanRefusedException(
                        400,
                        "not_configured",
                        "BACKUP_DR_DRILL_REDIS_DB=" + spare
                                + " is the live Redis db of REDIS_URL: a drill never writes production; choose a spare db");
            }
            targets.put("redis", r.db(spare) + " (spare db, emptied first)");
            list.add(steps.chooseBackup(b, chosen.how(), List.of("redis")));
            list.add(steps.verifyBackup(b, source));
            list.add(steps.restore(source, b, "redis", new Steps.Target(false, null, r.db(spare), null, r.db(spare))));
            list.add(steps.prove());
            list.add(steps.measureRpo(List.of("redis")));
            list.add(steps.flushScratchRedis(spare));
        } else {
            guardInPlace(request, "Redis at " + r.host() + ":" + r.port());
            RedisColdStart.Choice path = coldStart.choose(r, b);
            list.add(steps.detect(request.scenario().id()));
            list.add(coldStart.choosePath(path));
            list.add(steps.chooseBackup(b, chosen.how(), List.of("redis")));
            list.add(steps.verifyBackup(b, source));
            if (path.cold()) {
                targets.put(
                        "redis",
                        path.rdb() + ", then redis://" + r.host() + ":" + r.port() + " started cold on it"
                                + " (every db of the backup)");
                overwrites.add(
                        "Redis at " + r.host() + ":" + r.port() + " (down): its RDB file " + path.rdb() + " is set"
                                + " aside as " + path.file()
                                + ".failed_<time> (kept, never deleted), the manager writes backup "
                                + b.backupId()
                                + "'s RDB file in its place and the restart hook starts the server on it: it holds"
                                + " exactly the backup's dbs");
                list.add(coldStart.setAsideRdb(path));
                list.add(steps.restore(source, b, "redis", Steps.Target.rdbFile(path.dataDir(), path.file())));
                list.add(coldStart.startCold(path, r, b));
            } else {
                targets.put("redis", "redis://" + r.host() + ":" + r.port() + " (in place: every db of the backup)");
                overwrites.add("Redis at " + r.host() + ":" + r.port() + ": every db the backup holds is emptied and"
                        + " rewritten key by key from backup " + b.backupId()
                        + " (the manager takes a safety backup of them first)");
                list.add(steps.startRedis());
                list.add(steps.restore(
                        source, b, "redis", Steps.Target.inPlace("redis://" + r.host() + ":" + r.port())));
            }
            list.add(steps.prove());
            list.add(steps.checkHealth(List.of("redis", "application")));
        }
        return new Plan(summary(request, b, source, targets, overwrites, store), b, list);
    }

    /**
     * application_failure: restart the application through its hook, then poll its health URL. Nothing is restored.
     * A drill never restarts production: it checks that the hook is configured and measures the health URL's answer.
     */
    private Plan application(RunRequest request, RunStore store) {
        List<PlannedStep> list = new ArrayList<>();
        Map<String, String> targets = new LinkedHashMap<>();
        targets.put(
                "application",
                config.appHealthUrl()
                        .filter(u -> !u.isBlank())
                        .map(u -> "health URL configured")
                        .orElse("no TEXTLOOM_APP_HEALTH_URL"));
        if (request.drill()) {
            list.add(
                    steps.hookConfigured(
                            "TEXTLOOM_APP_RESTART_COMMAND",
                            config.appRestartCommand(),
                            "set TEXTLOOM_APP_RESTART_COMMAND to the command (or URL) that restarts TextLoom, so a recovery can run unattended"));
            list.add(steps.awaitAppHealthy());
        } else {
            list.add(steps.detect(request.scenario().id()));
            list.add(steps.hook(
                    "restart_app",
                    "TEXTLOOM_APP_RESTART_COMMAND",
                    config.appRestartCommand(),
                    "restart the TextLoom application",
                    "restart the TextLoom application by hand"));
            list.add(steps.awaitAppHealthy());
        }
        return new Plan(
                new RunPlan(
                        null,
                        null,
                        targets,
                        List.of(),
                        lastDrill(request, store).map(RunReport::measuredRtoMs).orElse(null),
                        estimateBasis(request, store)),
                null,
                list);
    }

    /** A drill's scratch database name: {@code <db>_drill_<last 6 characters of the id>}, at most 63. */
    static String scratchDatabase(String db, String id) {
        String suffix = DatabaseAside.DRILL_MARKER + id.substring(Math.max(0, id.length() - 6));
        return (db.length() + suffix.length() > 63 ? db.substring(0, 63 - suffix.length()) : db) + suffix;
    }

    private void guardInPlace(RunRequest request, String what) {
        if (!request.dryRun() && !request.force() && !config.allowInPlace()) {
            throw new PlanRefusedException(
                    403,
                    "in_place_not_allowed",
                    "this recovery restores over the live " + what
                            + ": set BACKUP_DR_ALLOW_IN_PLACE=true or ask with force (--force); try --dry-run first to see the plan");
        }
    }

    private record Chosen(BackupInfo backup, String how) {}

    private Chosen choose(RunRequest request, String component) {
        BackupCatalog catalog = catalogs.get();
        try {
            if (request.backupId() != null && !request.backupId().isBlank()) {
                BackupInfo b = catalog.find(request.backupId())
                        .orElseThrow(() -> new PlanRefusedException(
                                400,
                                "unknown_backup",
                                "backup_id",
                                "backup_id: no backup " + request.backupId()
                                        + " in the manager's catalogue (GET /api/backups lists them)"));
                BackupInfo.ComponentInfo c = b.components().get(component);
                if (c == null || !"success".equals(c.status())) {
                    throw new PlanRefusedException(
                            400,
                            "unusable_backup",
                            "backup_id",
                            "backup_id: backup " + b.backupId() + " has no successful " + component + " component ("
                                    + (c == null ? "absent" : c.status()) + ")");
                }
                return new Chosen(b, "asked for");
            }
            Optional<BackupInfo> newest = catalog.newestGood(component);
            return newest.map(b -> new Chosen(b, "the newest backup whose " + component + " component succeeded"))
                    .orElseThrow(() -> new PlanRefusedException(
                            400,
                            "no_backup",
                            "no backup with a successful " + component
                                    + " component: there is nothing to recover from (make one: backup --components "
                                    + component + ")"));
        } catch (CatalogUnavailableException e) {
            throw new PlanRefusedException(
                    503, "catalog_unavailable", "the manager's backup catalogue cannot be read: " + e.getMessage());
        }
    }

    private RunPlan summary(
            RunRequest request,
            BackupInfo b,
            String source,
            Map<String, String> targets,
            List<String> overwrites,
            RunStore store) {
        return new RunPlan(
                b.backupId(),
                source != null ? source : b.repository(),
                targets,
                overwrites,
                lastDrill(request, store).map(RunReport::measuredRtoMs).orElse(null),
                estimateBasis(request, store));
    }

    /** The newest successful drill of the request's scenario with a measured RTO: the estimate of a recovery's duration. */
    private static Optional<RunReport> lastDrill(RunRequest request, RunStore store) {
        return store
                .select(r -> r.isDrill()
                        && r.scenario().equals(request.scenario().id())
                        && RunReport.SUCCESS.equals(r.status())
                        && r.measuredRtoMs() != null)
                .stream()
                .findFirst();
    }

    private static String estimateBasis(RunRequest request, RunStore store) {
        return lastDrill(request, store)
                .map(r -> "measured by drill " + r.drillId() + " of " + r.completedAt())
                .orElse("no successful drill of " + request.scenario().id() + " yet: run one to know (drill --scenario "
                        + request.scenario().id() + ")");
    }

    private String liveDatabase() {
        try {
            return steps.liveDatabase();
        } catch (IllegalStateException e) {
            throw new PlanRefusedException(400, "not_configured", e.getMessage());
        }
    }
}
