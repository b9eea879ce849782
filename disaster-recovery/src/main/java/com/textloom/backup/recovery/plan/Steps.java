package com.textloom.backup.recovery.plan;

import com.textloom.backup.events.Comparison;
import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.RestoreCompleted;
import com.textloom.backup.events.RestoreRequested;
import com.textloom.backup.events.RestoredComponent;
import com.textloom.backup.events.VerifyCompleted;
import com.textloom.backup.events.VerifyRequested;
import com.textloom.backup.http.WholeExchange;
import com.textloom.backup.recovery.assess.Assessment;
import com.textloom.backup.recovery.assess.Assessor;
import com.textloom.backup.recovery.assess.ServiceCheck;
import com.textloom.backup.recovery.catalog.BackupCatalog;
import com.textloom.backup.recovery.catalog.BackupInfo;
import com.textloom.backup.recovery.config.RecoverConfig;
import com.textloom.backup.recovery.engine.PlannedStep;
import com.textloom.backup.recovery.engine.RunContext;
import com.textloom.backup.recovery.engine.StepOutcome;
import com.textloom.backup.recovery.hook.HookResult;
import com.textloom.backup.recovery.hook.Hooks;
import com.textloom.backup.recovery.manager.ManagerRequests;
import com.textloom.backup.recovery.postgres.DatabaseAside;
import com.textloom.backup.recovery.redis.RedisTargets;
import com.textloom.backup.recovery.run.StepRecord;
import com.textloom.backup.support.config.BackupConfig;
import com.textloom.backup.support.config.ProtectedAppConfig;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The steps recoveries and drills are made of. Each method returns a {@link PlannedStep} whose action does one
 * thing: ask the assessment, verify or restore through the manager, set a database aside, run a hook, compare,
 * clean up. The scenario plans ({@link ScenarioPlanner}) put them in order.
 */
@ApplicationScoped
public class Steps {
    @Inject
    RecoverConfig config;

    @Inject
    ProtectedAppConfig app;

    @Inject
    BackupConfig backup;

    @Inject
    ManagerRequests manager;

    @Inject
    Vertx vertx;

    @Inject
    Instance<Assessor> assessors;

    @Inject
    Instance<BackupCatalog> catalogs;

    /** {@code requested_by} of the requests made to the manager. */
    public static final String REQUESTED_BY = "disaster-recovery";

    private final Clock clock = Clock.systemUTC();

    /**
     * Where a component is restored: in place, or a scratch database / Redis URL / directory, or (Redis's cold start)
     * the RDB file {@code file} in the directory {@code dir}.
     */
    public record Target(boolean inPlace, String database, String redis, String dir, String shown, String file) {
        public Target(boolean inPlace, String database, String redis, String dir, String shown) {
            this(inPlace, database, redis, dir, shown, null);
        }

        public static Target inPlace(String shown) {
            return new Target(true, null, null, null, shown);
        }

        /** The redis component written by the manager as the RDB file {@code dir/file}. */
        public static Target rdbFile(Path dir, String file) {
            return new Target(
                    false, null, null, dir.toString(), dir.resolve(file).toString(), file);
        }
    }

    // ---- detect ------------------------------------------------------------------------------------------------

    /** Assesses now and records whether the assessment points at {@code scenario}. */
    public PlannedStep detect(String scenario) {
        return PlannedStep.reading(
                "detect", "assess the application and the backups now and confirm " + scenario, ctx -> {
                    if (!assessors.isResolvable()) {
                        return StepOutcome.manual(
                                "no assessment is available in this build: confirm by hand that " + scenario
                                        + " is what happened (PostgreSQL / Redis / the application) before relying on this recovery");
                    }
                    Assessment a = assessors.get().assess();
                    String failures = a.failures().isEmpty() ? "none" : String.join(", ", a.failures());
                    String summary = "assessment " + a.overallStatus() + ", scenarios pointed at: " + failures;
                    if (a.failures().contains(scenario)) {
                        return StepOutcome.success(summary);
                    }
                    ctx.issue("the assessment did not point at " + scenario + " when the recovery began (" + failures
                            + ")");
                    return StepOutcome.success(
                            summary + "; " + scenario + " is not among them: recovering because it was asked");
                });
    }

    // ---- the backup ----------------------------------------------------------------------------------------------

    /** Records the backup the plan chose and how. */
    public PlannedStep chooseBackup(BackupInfo b, String how, List<String> components) {
        return PlannedStep.reading("choose_backup", "use backup " + b.backupId() + " (" + how + ")", ctx -> {
            StringBuilder d = new StringBuilder("backup " + b.backupId() + " (" + how + ") taken " + b.time());
            if (b.time() != null) {
                d.append(", ")
                        .append(age(Duration.between(b.time(), ctx.startedAt())))
                        .append(" old");
            }
            for (String c : components) {
                BackupInfo.ComponentInfo ci = b.components().get(c);
                d.append("; ").append(c).append(": ").append(ci == null ? "absent" : ci.status());
            }
            long present = b.remotes().stream()
                    .filter(r -> "present".equals(r.status()))
                    .count();
            d.append("; remote copies: ")
                    .append(present)
                    .append(" of ")
                    .append(b.remotes().size());
            if (present == 0) {
                ctx.issue("backup " + b.backupId() + " has no remote copy: if the local repository is lost too,"
                        + " full_disaster has nothing to recover from");
                ctx.recommend(
                        "configure a remote (MINIO_* or OBS_*, or BACKUP_REMOTES) so every backup is copied off the machine");
            }
            return StepOutcome.success(d.toString());
        });
    }

    /**
     * Verifies the backup through the manager (every blob re-read when BACKUP_DR_VERIFY_READ_DATA) in {@code source}
     * ({@code local} or a remote as the manager shows it; null: the repository it uses now); a dry run checks structure only.
     */
    public PlannedStep verifyBackup(BackupInfo b, String source) {
        String what = "verify backup " + b.backupId() + " through the manager" + (source == null ? "" : " in " + source)
                + (config.verifyReadData() ? " (every data blob re-read)" : "");
        return PlannedStep.reading("verify_backup", what, ctx -> verify(ctx, b, config.verifyReadData(), source))
                .withDryRun(ctx -> verify(ctx, b, false, source));
    }

    private StepOutcome verify(RunContext ctx, BackupInfo b, boolean readData, String source) {
        VerifyCompleted v = manager.verify(
                new VerifyRequested(
                        ctx.id() + "-verify" + (ctx.request().dryRun() ? "-dry-run" : ""),
                        config.repository(),
                        b.backupId(),
                        readData,
                        requestedBy(ctx),
                        clock.instant(),
                        ctx.id(),
                        source),
                config.restoreTimeout());
        String figures = v.blobsChecked() + " blobs, " + mib(v.bytesRead()) + " read in " + secs(v.durationMs());
        if (v.status() == Outcome.SUCCESS) {
            return StepOutcome.success("backup " + b.backupId() + " verified "
                    + (readData ? "with its data" : "(structure)") + ": " + figures + ", nothing damaged");
        }
        String why = v.error() != null ? v.error() : v.damagedBlobs().size() + " damaged blobs";
        ctx.recommend(
                "backup " + b.backupId() + " is damaged: recover from another one (--backup-id) and run a full verify");
        return StepOutcome.failed("backup " + b.backupId() + " did not verify: " + why);
    }

    // ---- PostgreSQL ------------------------------------------------------------------------------------------------

    /** Renames the live database to {@code <db>_failed_<time>} and puts an empty one in its place. */
    public PlannedStep setAsideDatabase() {
        String db = liveDatabase();
        return PlannedStep.changing(
                        "set_aside_database",
                        "rename database " + db + " to " + db + "_failed_<time> (kept, never dropped) and create " + db
                                + " empty for the in-place restore",
                        ctx -> {
                            String aside = DatabaseAside.asideName(db, clock.instant());
                            try (DatabaseAside pg = DatabaseAside.connect(vertx, databaseUrl())) {
                                Optional<String> done = pg.setAside(db, aside);
                                if (done.isEmpty()) {
                                    return StepOutcome.success("database " + db
                                            + " did not exist (dropped?): nothing to set aside; created it"
                                            + " empty for the restore");
                                }
                                ctx.recommend("when the recovery is confirmed, inspect or drop the broken copy " + aside
                                        + " (it is never dropped automatically)");
                                return StepOutcome.success("database " + db + " set aside as " + aside
                                        + " (sessions ended, nothing dropped);" + " created " + db
                                        + " empty with the same owner, encoding and locale");
                            }
                        })
                .withDryRun(ctx -> {
                    try (DatabaseAside pg = DatabaseAside.connect(vertx, databaseUrl())) {
                        return StepOutcome.success(
                                pg.exists(db)
                                        ? "would rename database " + db + " to "
                                                + DatabaseAside.asideName(db, clock.instant())
                                                + " (ending its sessions) and create " + db + " empty"
                                        : "database " + db + " does not exist: would create it empty for the restore");
                    }
                });
    }

    /** Drops a drill's scratch database (never anything else) unless the drill keeps it. */
    public PlannedStep dropScratchDatabase(String scratch) {
        return PlannedStep.changing("cleanup", "drop the drill's scratch database " + scratch, ctx -> {
                    if (ctx.request().keep()) {
                        return StepOutcome.skipped("kept (keep): scratch database " + scratch
                                + " stays for inspection; drop it when done");
                    }
                    try (DatabaseAside pg = DatabaseAside.connect(vertx, databaseUrl())) {
                        pg.dropScratch(scratch);
                    }
                    return StepOutcome.success("dropped scratch database " + scratch);
                })
                .outsideRto();
    }

    // ---- Redis ---------------------------------------------------------------------------------------------------

    /** Starts Redis through BACKUP_DR_REDIS_RESTART_COMMAND when it does not answer, then waits until it does. */
    public PlannedStep startRedis() {
        RedisTargets r = redisTargets();
        String where = r.host() + ":" + r.port();
        String manually = "start the Redis server at " + where
                + " (e.g. systemctl start redis-server), then run the recovery again";
        return PlannedStep.changing(
                        "start_redis",
                        "start Redis at " + where + " if it does not answer" + " (BACKUP_DR_REDIS_RESTART_COMMAND)",
                        ctx -> {
                            if (r.answers(Duration.ofSeconds(2))) {
                                return StepOutcome.success("Redis answers at " + where + ": no restart needed");
                            }
                            Optional<String> hook = config.redisRestartCommand().filter(h -> !h.isBlank());
                            if (hook.isEmpty()) {
                                return StepOutcome.manual("Redis does not answer at " + where
                                        + " and BACKUP_DR_REDIS_RESTART_COMMAND is not set: " + manually);
                            }
                            StepOutcome ran = runHook(ctx, "BACKUP_DR_REDIS_RESTART_COMMAND", hook.get());
                            if (!StepRecord.SUCCESS.equals(ran.status())) {
                                return ran;
                            }
                            long deadline =
                                    System.nanoTime() + Duration.ofSeconds(30).toNanos();
                            while (System.nanoTime() < deadline) {
                                if (r.answers(Duration.ofSeconds(1))) {
                                    return new StepOutcome(
                                            StepRecord.SUCCESS,
                                            "Redis did not answer at " + where + "; " + ran.detail()
                                                    + ", and it answers now",
                                            ran.output());
                                }
                                Thread.sleep(200);
                            }
                            return new StepOutcome(
                                    StepRecord.FAILED,
                                    ran.detail() + ", but Redis still does not answer at " + where + " after 30 s",
                                    ran.output());
                        })
                .withDryRun(ctx -> StepOutcome.success(
                        r.answers(Duration.ofSeconds(2))
                                ? "Redis answers at " + where + ": would not restart it"
                                : "Redis does not answer at " + where + ": would "
                                        + (config.redisRestartCommand().isPresent()
                                                ? "run BACKUP_DR_REDIS_RESTART_COMMAND"
                                                : "ask a person to " + manually)));
    }

    /** Empties a drill's spare Redis db (never the live one) unless the drill keeps it. */
    public PlannedStep flushScratchRedis(int db) {
        RedisTargets r = redisTargets();
        return PlannedStep.changing("cleanup", "empty the drill's spare Redis db " + r.db(db), ctx -> {
                    if (ctx.request().keep()) {
                        return StepOutcome.skipped("kept (keep): " + r.db(db)
                                + " keeps the restored keys for inspection; FLUSHDB it when done");
                    }
                    r.flushScratch(vertx, db);
                    return StepOutcome.success("emptied the spare Redis db " + r.db(db));
                })
                .outsideRto();
    }

    /**
     * Cleans a full_disaster drill's scratch targets up (unless kept): drops its database, empties the spare Redis
     * db, deletes its directory (only {@code BACKUP_DR_DRILL_DIR/<drill id>}, when it is on this machine).
     */
    public PlannedStep cleanupScratch(String database, Integer redisDb, Path dir) {
        return PlannedStep.changing(
                        "cleanup",
                        "drop scratch database " + database + ", empty spare Redis db " + redisDb + ", delete " + dir,
                        ctx -> {
                            if (ctx.request().keep()) {
                                return StepOutcome.skipped("kept (keep): database " + database + ", Redis db " + redisDb
                                        + " and " + dir + " stay for inspection");
                            }
                            List<String> done = new ArrayList<>();
                            try (DatabaseAside pg = DatabaseAside.connect(vertx, databaseUrl())) {
                                pg.dropScratch(database);
                                done.add("dropped database " + database);
                            }
                            if (redisDb != null) {
                                redisTargets().flushScratch(vertx, redisDb);
                                done.add("emptied Redis db " + redisDb);
                            }
                            if (Files.isDirectory(dir)) {
                                try (var walk = Files.walk(dir)) {
                                    for (Path p : walk.sorted(java.util.Comparator.reverseOrder())
                                            .toList()) {
                                        Files.delete(p);
                                    }
                                }
                                done.add("deleted " + dir);
                            } else {
                                done.add(dir + " is not on this machine (the manager's): delete it there");
                            }
                            return StepOutcome.success(String.join("; ", done));
                        })
                .outsideRto();
    }

    /** REDIS_URL, required by the Redis steps. */
    public RedisTargets redisTargets() {
        return new RedisTargets(app.redisUrl()
                .orElseThrow(() -> new IllegalStateException(
                        "REDIS_URL is not set: disaster recovery does not know which Redis to recover")));
    }

    // ---- restores through the manager ------------------------------------------------------------------------------

    /**
     * Restores {@code component} of {@code b} to {@code target} through the manager, read from {@code source} ({@code local}
     * or a remote as the manager shows it; null: the repository it uses now); a dry run asks the manager's own dry run.
     */
    public PlannedStep restore(String source, BackupInfo b, String component, Target target) {
        String desc = "restore " + component + " of backup " + b.backupId() + (source == null ? "" : " from " + source)
                + " through the manager into " + target.shown()
                + (target.inPlace() ? " (in place: the manager takes a safety backup first)" : "") + ", with its proof";
        return PlannedStep.changing(
                        "restore_" + component, desc, ctx -> restoreNow(ctx, source, b, component, target, false))
                .withDryRun(ctx -> restoreNow(ctx, source, b, component, target, true));
    }

    private StepOutcome restoreNow(
            RunContext ctx, String source, BackupInfo b, String component, Target target, boolean dryRun) {
        RestoreRequested req = new RestoreRequested(
                ctx.id() + "-restore-" + component + (dryRun ? "-dry-run" : ""),
                config.repository(),
                b.backupId(),
                List.of(component),
                target.dir(),
                target.database(),
                target.redis(),
                target.inPlace(),
                dryRun,
                requestedBy(ctx),
                clock.instant(),
                ctx.id(),
                source,
                target.file());
        RestoreCompleted done = manager.restore(req, config.restoreTimeout());
        RestoredComponent rc = done.components().stream()
                .filter(c -> c.component().equals(component))
                .findFirst()
                .orElse(null);
        if (rc == null || rc.status() == Outcome.FAILED) {
            String why = rc != null && rc.error() != null ? rc.error() : done.error();
            return StepOutcome.failed(
                    "the manager's restore " + req.requestId() + " of " + component + " failed: " + why);
        }
        if (dryRun) {
            return StepOutcome.success("the manager's dry run " + req.requestId() + ": would write " + component
                    + " to " + rc.target() + " (" + mib(rc.bytesWritten()) + " stored); nothing was written");
        }
        ctx.restored().put(component, rc);
        return StepOutcome.success("restored " + component + " into " + rc.target() + ": " + mib(rc.bytesWritten())
                + ", "
                + rc.files() + " files/streams in " + secs(rc.durationMs()) + " (manager's restore " + req.requestId()
                + ", " + rc.comparisons().size() + " figures compared"
                + (done.source() == null ? "" : ", read from " + done.source()) + ")");
    }

    /** Compares what every restore step wrote with what was recorded at backup time (the manager's proof). */
    public PlannedStep prove() {
        return PlannedStep.reading(
                "prove", "compare the restored data with the figures recorded at backup time", ctx -> {
                    if (ctx.request().dryRun()) {
                        return StepOutcome.skipped(
                                "dry run: nothing was restored; a real run compares row counts and digests"
                                        + " per table, key counts and digests per Redis db, files and bytes per directory");
                    }
                    List<String> unequal = new ArrayList<>();
                    for (Map.Entry<String, RestoredComponent> e : ctx.restored().entrySet()) {
                        RestoredComponent rc = e.getValue();
                        List<String> diffs = rc.comparisons().stream()
                                .filter(c -> !c.equal())
                                .map(c -> c.item() + ": recorded " + c.expected() + ", restored " + c.actual())
                                .toList();
                        boolean equal = Boolean.TRUE.equals(rc.equal())
                                && diffs.isEmpty()
                                && !rc.comparisons().isEmpty();
                        String detail = rc.comparisons().isEmpty()
                                ? "the manager compared no figure for " + e.getKey()
                                : equal
                                        ? rc.comparisons().size() + " figures equal (" + sample(rc.comparisons())
                                                + ") in " + rc.target()
                                        : diffs.size() + " of "
                                                + rc.comparisons().size() + " figures differ in " + rc.target();
                        ctx.proof()
                                .add(new com.textloom.backup.recovery.run.ProofItem(
                                        e.getKey(),
                                        equal,
                                        detail,
                                        diffs.stream().limit(50).toList()));
                        if (!equal) {
                            unequal.add(e.getKey() + " (" + detail
                                    + (diffs.isEmpty()
                                            ? ""
                                            : ": "
                                                    + String.join(
                                                            "; ",
                                                            diffs.stream()
                                                                    .limit(3)
                                                                    .toList()))
                                    + ")");
                        }
                    }
                    if (ctx.restored().isEmpty()) {
                        return StepOutcome.failed("nothing was restored, so nothing is proven");
                    }
                    if (!unequal.isEmpty()) {
                        String bid = ctx.backup() == null
                                ? ""
                                : " from backup " + ctx.backup().backupId();
                        ctx.issue("data unequal" + bid + ": " + String.join(", ", unequal));
                        ctx.recommend("do not rely on backup" + bid
                                + ": verify it with --read-data and recover from an older one");
                        return StepOutcome.failed("restored data differs from what was recorded at backup time: "
                                + String.join(", ", unequal));
                    }
                    return StepOutcome.success("every restored component equals its backup: "
                            + String.join(
                                    ", ",
                                    ctx.proof().stream()
                                            .map(p -> p.component() + " " + p.detail())
                                            .toList()));
                });
    }

    // ---- hooks
    // -------------------------------------------------------------------------------------------------------

    /**
     * Runs the hook in {@code variable} (value {@code hook}); without one, a {@code manual} step saying what a person
     * must do, in a dry run too (it changes nothing, and a dry run must not read as if the service would act).
     */
    public PlannedStep hook(String name, String variable, Optional<String> hook, String does, String manually) {
        if (hook.isEmpty() || hook.get().isBlank()) {
            PlannedStep.Action person = ctx -> StepOutcome.manual(variable + " is not set: " + manually);
            return PlannedStep.changing(name, manually, person).withDryRun(person);
        }
        return PlannedStep.changing(name, does + " (" + variable + ")", ctx -> runHook(ctx, variable, hook.get()));
    }

    /** Runs {@code hook} (the value of {@code variable}) for the run of {@code ctx}: success or failed, with its output. */
    public StepOutcome runHook(RunContext ctx, String variable, String hook) {
        HookResult r = hooks().run(
                        variable,
                        hook,
                        Map.of(
                                "TEXTLOOM_DR_RUN_ID",
                                ctx.id(),
                                "TEXTLOOM_DR_SCENARIO",
                                ctx.request().scenario().id()));
        StepOutcome o = r.success() ? StepOutcome.success(r.detail()) : StepOutcome.failed(r.detail());
        return o.withOutput(r.output());
    }

    /** A drill's check that a hook is configured (never run: it would act on production); missing is a finding. */
    public PlannedStep hookConfigured(String variable, Optional<String> hook, String advice) {
        return PlannedStep.reading(
                "check_hook", "check that " + variable + " is configured (not run in a drill)", ctx -> {
                    if (hook.isPresent() && !hook.get().isBlank()) {
                        return StepOutcome.success(variable + " is configured ("
                                + (hook.get().strip().startsWith("http") ? "a URL" : "a command")
                                + "); a drill does not run it");
                    }
                    ctx.recommend(advice);
                    return StepOutcome.manual(
                            variable + " is not set: a recovery would need a person to restart the application");
                });
    }

    /** The hooks runner with this service's secrets masked. */
    public Hooks hooks() {
        List<String> secrets = new ArrayList<>();
        backup.encryptionKey().ifPresent(secrets::add);
        backup.apiKey().ifPresent(k -> {
            for (String part : k.split(",")) {
                secrets.add(part.contains("=") ? part.substring(part.indexOf('=') + 1) : part);
            }
        });
        return new Hooks(config.hookTimeout(), secrets);
    }

    /**
     * Polls TEXTLOOM_APP_HEALTH_URL (GET, 2xx = healthy) every second until healthy or BACKUP_DR_HEALTH_TIMEOUT;
     * without the URL, a {@code manual} step.
     */
    public PlannedStep awaitAppHealthy() {
        Optional<String> url = config.appHealthUrl().filter(u -> !u.isBlank());
        Duration timeout = config.healthTimeout();
        return PlannedStep.reading(
                "check_app_health",
                "poll TEXTLOOM_APP_HEALTH_URL until it answers 2xx (at most " + age(timeout) + ")",
                ctx -> {
                    if (ctx.request().dryRun()) {
                        return StepOutcome.skipped("dry run: would poll TEXTLOOM_APP_HEALTH_URL after the restart");
                    }
                    if (url.isEmpty()) {
                        return StepOutcome.manual(
                                "TEXTLOOM_APP_HEALTH_URL is not set: check by hand that the application answers again");
                    }
                    java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                            .connectTimeout(Duration.ofSeconds(2))
                            .build();
                    long t0 = System.nanoTime();
                    long deadline = t0 + timeout.toNanos();
                    String last = "no answer yet";
                    int tries = 0;
                    while (true) {
                        tries++;
                        try {
                            // one try is bounded as a whole (body included): an application stalling in its answer is a
                            // try
                            // that failed, and the wait goes on to its deadline
                            int code = WholeExchange.send(
                                            http,
                                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(url.get()))
                                                    .timeout(Duration.ofSeconds(5))
                                                    .GET()
                                                    .build(),
                                            java.net.http.HttpResponse.BodyHandlers.discarding(),
                                            Duration.ofSeconds(5))
                                    .statusCode();
                            if (code / 100 == 2) {
                                return StepOutcome.success("the application answered HTTP " + code + " after "
                                        + secs((System.nanoTime() - t0) / 1_000_000) + " (" + tries + " tries)");
                            }
                            last = "HTTP " + code;
                        } catch (java.io.IOException e) {
                            last = e.getClass().getSimpleName()
                                    + (e.getMessage() == null ? "" : ": " + hooks().mask(e.getMessage()));
                        }
                        if (System.nanoTime() > deadline) {
                            return StepOutcome.failed("the application did not answer healthy within " + age(timeout)
                                    + " (" + tries + " tries, last: " + last + ")");
                        }
                        Thread.sleep(1000);
                    }
                });
    }

    // ---- checks
    // --------------------------------------------------------------------------------------------------------

    /** Assesses again and requires {@code services} (postgresql, redis, application ...) healthy. */
    public PlannedStep checkHealth(List<String> services) {
        String list = String.join(", ", services);
        return PlannedStep.reading("check_health", "assess again: " + list + " healthy", ctx -> {
            if (ctx.request().dryRun()) {
                return StepOutcome.skipped("dry run: would assess " + list + " after the restore");
            }
            if (!assessors.isResolvable()) {
                return StepOutcome.manual("no assessment is available in this build: check by hand that " + list
                        + " work again (the application answers, its data is there)");
            }
            Assessment a = assessors.get().assess();
            List<String> bad = new ArrayList<>();
            List<String> seen = new ArrayList<>();
            for (String s : services) {
                ServiceCheck c = a.service(s);
                if (c == null) {
                    continue;
                }
                seen.add(s + " " + c.status());
                if (!c.healthy()) {
                    bad.add(s + " " + c.status() + ": " + c.detail());
                }
            }
            if (!bad.isEmpty()) {
                return StepOutcome.failed("after the restore, the assessment still finds: " + String.join("; ", bad));
            }
            return StepOutcome.success("assessment " + a.overallStatus() + ": " + String.join(", ", seen));
        });
    }

    /** Measures the RPO achievable now for {@code components}: schedule interval + age of the newest good backup. */
    public PlannedStep measureRpo(List<String> components) {
        return measureRpo(components, null);
    }

    /** {@link #measureRpo(List)} on the backups of {@code catalog} (null: the manager's catalogue). */
    public PlannedStep measureRpo(List<String> components, BackupCatalog catalog) {
        return PlannedStep.reading(
                        "measure_rpo",
                        "measure the achievable RPO of " + String.join(", ", components)
                                + " (interval between the newest good backups + age of the newest)",
                        ctx -> {
                            RpoEstimate e = RpoEstimate.of(
                                    catalog != null ? catalog : catalogs.get(), components, clock.instant());
                            e.findings().forEach(ctx::issue);
                            if (e.achievable() == null) {
                                ctx.recommend("back up " + String.join(", ", components)
                                        + " (BACKUP_SCHEDULE_*): without a good backup nothing can be recovered");
                                return StepOutcome.failed(e.detail());
                            }
                            ctx.achievableRpo(e.achievable());
                            return StepOutcome.success(e.detail());
                        })
                .outsideRto();
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /** DATABASE_URL, required by the database steps. */
    public String databaseUrl() {
        return app.databaseUrl()
                .orElseThrow(() -> new IllegalStateException(
                        "DATABASE_URL is not set: disaster recovery does not know which database to recover"));
    }

    public String liveDatabase() {
        return DatabaseAside.databaseOf(databaseUrl());
    }

    /** {@code postgresql://host:port/<database>} of the live server, without user or password. */
    public String shownDatabase(String database) {
        io.vertx.pgclient.PgConnectOptions o =
                io.vertx.pgclient.PgConnectOptions.fromUri(databaseUrl().replaceFirst("^postgres://", "postgresql://"));
        return "postgresql://" + o.getHost() + ":" + o.getPort() + "/" + database;
    }

    /** The requests' {@code requested_by}: the manager's audit names this service; the person is in our own audit line. */
    private static String requestedBy(RunContext ctx) {
        return REQUESTED_BY;
    }

    private static String sample(List<Comparison> comparisons) {
        return String.join(
                        ", ",
                        comparisons.stream()
                                .limit(3)
                                .map(c -> c.item() + "=" + c.actual())
                                .toList())
                + (comparisons.size() > 3 ? ", ..." : "");
    }

    static String age(Duration d) {
        long s = d.toSeconds();
        return s < 120 ? s + " s" : s < 7200 ? s / 60 + " min" : String.format(Locale.ROOT, "%.1f h", s / 3600.0);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static String secs(long ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** Now, for plans. */
    public Instant now() {
        return clock.instant();
    }
}
