package com.textloom.backup.e2e;

import com.textloom.backup.testservers.EnvBackupFile;
import com.textloom.backup.testservers.KafkaBroker;
import com.textloom.backup.testservers.PackagedService;
import com.textloom.backup.testservers.S3ProxyServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The whole suite as a user runs it, once per test JVM: the real Kafka broker and S3Proxy (test-servers, free
 * ports), the made-up TextLoom application on the machine's PostgreSQL and a redis-server of its own
 * ({@link TextloomApp}), and the packaged backup-manager, backup-scheduler, disaster-recovery and backup-monitor,
 * each in its own JVM and working directory under
 * {@code target/e2e-<time>/} (where their logs stay). {@link #close()} stops the services and drops the app's
 * data; JUnit calls it at the end of the run, failed or not.
 */
final class E2eStack implements AutoCloseable {

    /** The API key every service requires for mutations ({@code BACKUP_API_KEY=e2e=<key>}: user {@code e2e}). */
    static final String API_KEY = "e2e-" + UUID.randomUUID();

    final Path root;
    final Path restoreRoot;
    final Path repository;
    final TextloomApp app;
    final KafkaBroker kafka;
    final S3ProxyServer s3;
    final String bucket = "e2e-" + UUID.randomUUID().toString().substring(0, 8);
    final List<PackagedService> services = new ArrayList<>();
    PackagedService manager;
    PackagedService scheduler;
    PackagedService monitor;
    PackagedService recovery;
    /** The repository's key, shared by the manager and disaster-recovery (which reads the repository to assess it). */
    private final String encryptionKey = EnvBackupFile.newEncryptionKey();

    private E2eStack(Path root) throws Exception {
        this.root = root;
        this.restoreRoot = Files.createDirectories(root.resolve("restore"));
        this.repository = root.resolve("backups");
        this.kafka = KafkaBroker.shared();
        this.s3 = S3ProxyServer.shared();
        this.app = TextloomApp.create(root.resolve("app"));
    }

    static E2eStack start() {
        Path root = Path.of(
                        "target", "e2e-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")))
                .toAbsolutePath();
        E2eStack stack = null;
        try {
            stack = new E2eStack(root);
            stack.startServices();
            return stack;
        } catch (Exception e) {
            if (stack != null) {
                stack.close();
            }
            throw new IllegalStateException("the end-to-end stack did not start: " + e.getMessage(), e);
        }
    }

    private void startServices() throws IOException {
        // The manager and the scheduler start side by side; the monitor then probes them both.
        CompletableFuture<PackagedService> m = CompletableFuture.supplyAsync(this::startManager);
        CompletableFuture<PackagedService> s = CompletableFuture.supplyAsync(this::startScheduler);
        try {
            manager = register(m.join());
            scheduler = register(s.join());
        } catch (CompletionException e) {
            m.thenAccept(PackagedService::close);
            s.thenAccept(PackagedService::close);
            throw e;
        }
        // disaster-recovery assesses the application and reacts to the monitor's alerts; the monitor relays its
        // assessment (protected_service_failed) and shows its drills: each needs the other's URL, so DR goes first
        recovery = register(startRecovery());
        monitor = register(startMonitor());
    }

    private PackagedService register(PackagedService service) {
        services.add(service);
        return service;
    }

    /** What every service of the suite shares: the broker, the S3 endpoint (the guide's MinIO), the API and signing keys. */
    private Map<String, String> common() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("BACKUP_API_KEY", "e2e=" + API_KEY);
        // requests on Kafka are signed by every producer; the manager refuses unsigned retention and in-place restores
        env.put("BACKUP_EVENT_SIGNING_KEY", "e2e-signing-key-" + API_KEY);
        env.put("MINIO_ENDPOINT", s3.endpoint());
        env.put("MINIO_ACCESS_KEY", s3.accessKey());
        env.put("MINIO_SECRET_KEY", s3.secretKey());
        env.put("MINIO_BUCKET", bucket);
        env.put("BACKUP_LOCAL_DIR", repository.toString());
        return env;
    }

    private PackagedService startManager() {
        Map<String, String> env = common();
        env.put("DATABASE_URL", app.databaseUrl());
        env.put("REDIS_URL", app.redisUrl());
        env.put("TEXTLOOM_WORKSPACE_DIR", app.workspace.toString());
        env.put("TEXTLOOM_LOG_DIR", app.logs.toString());
        env.put("BACKUP_ENCRYPTION_KEY", encryptionKey);
        env.put("BACKUP_RESTORE_ROOTS", restoreRoot.toString());
        env.put("BACKUP_PARALLEL_JOBS", "1");
        Path dir = root.resolve("backup-manager");
        EnvBackupFile.write(dir, env, "the end-to-end tests");
        // only .env.backup, nothing in the environment: proves the manager reads the file for its own settings
        // (database, Redis, directories, key), which it once ignored
        return PackagedService.module("backup-manager").workDir(dir).start();
    }

    private PackagedService startScheduler() {
        Map<String, String> env = common();
        for (String schedule : SCHEDULES) {
            env.put("BACKUP_SCHEDULE_" + schedule + "_ENABLED", "false"); // runs only when asked
        }
        env.put("BACKUP_SCHEDULE_CATCHUP_HOURS", "0");
        Path dir = root.resolve("backup-scheduler");
        EnvBackupFile.write(dir, env, "the end-to-end tests");
        return PackagedService.module("backup-scheduler").workDir(dir).start();
    }

    /** Every schedule of the scheduler, as its variables name them. */
    private static final List<String> SCHEDULES = List.of(
            "DAILY", "WEEKLY", "MONTHLY", "INCREMENTAL", "FREQUENT", "CLEANUP", "RESTORE_TEST", "DR_DRILL", "VERIFY");

    /**
     * A second scheduler, beside the suite's (which fires nothing by itself), in {@code dirName}: only
     * {@code restore_test} enabled, at {@code cron}, with an hour of catch-up, so a slot that passed while it started
     * is still run once. The caller closes it; started again on the same directory it is the same scheduler restarted.
     */
    PackagedService startDrillScheduler(String dirName, String cron) {
        Map<String, String> env = common();
        for (String schedule : SCHEDULES) {
            if (!schedule.equals("RESTORE_TEST")) {
                env.put("BACKUP_SCHEDULE_" + schedule + "_ENABLED", "false");
            }
        }
        env.put("BACKUP_SCHEDULE_RESTORE_TEST", cron);
        env.put("BACKUP_SCHEDULE_CATCHUP_HOURS", "1");
        Path dir = root.resolve(dirName);
        EnvBackupFile.write(dir, env, "the end-to-end tests");
        return PackagedService.module("backup-scheduler").workDir(dir).start();
    }

    /**
     * Automatic recovery opted in for {@code redis_failure} only (database_failure is the scenario not opted in),
     * in place allowed, the grace of two assessments shipped, assessments every {@value #ASSESS_SECONDS} s instead
     * of 60 s so a failure is acted on within seconds.
     */
    private PackagedService startRecovery() {
        Map<String, String> env = common();
        env.put("DATABASE_URL", app.databaseUrl());
        env.put("REDIS_URL", app.redisUrl());
        env.put("BACKUP_ENCRYPTION_KEY", encryptionKey);
        env.put("BACKUP_MANAGER_URL", manager.url());
        env.put("BACKUP_SCHEDULER_URL", scheduler.url());
        // the monitor starts after it (it needs this service's URL): the suite check names it not ready, a
        // degraded finding only
        env.put("BACKUP_MONITOR_URL", "http://127.0.0.1:1");
        env.put("BACKUP_DR_ASSESS_INTERVAL", ASSESS_SECONDS + "s");
        env.put("BACKUP_DR_AUTO_SCENARIOS", "redis_failure");
        env.put("BACKUP_DR_AUTO_GRACE", "2");
        env.put("BACKUP_DR_ALLOW_IN_PLACE", "true");
        env.put("BACKUP_DR_RESTORE_TIMEOUT", "2m");
        Path dir = root.resolve("disaster-recovery");
        env.put("BACKUP_DR_STATE_DIR", dir.resolve("state").toString());
        env.put("BACKUP_DR_DRILL_DIR", restoreRoot.resolve("drill").toString());
        EnvBackupFile.write(dir, env, "the end-to-end tests");
        return PackagedService.module("disaster-recovery").workDir(dir).start();
    }

    /** Seconds between disaster-recovery's periodic assessments in this world (shipped: 60). */
    static final int ASSESS_SECONDS = 4;
    /** Seconds between the monitor's probes and rule evaluations in this world (shipped: 300). */
    static final int MONITOR_SECONDS = 2;

    private PackagedService startMonitor() {
        Map<String, String> env = common();
        env.put(
                "BACKUP_MONITOR_SERVICES",
                "backup-manager=" + manager.url() + ",backup-scheduler=" + scheduler.url() + ",disaster-recovery="
                        + recovery.url());
        env.put("BACKUP_DR_URL", recovery.url());
        env.put("BACKUP_MONITOR_INTERVAL", Integer.toString(MONITOR_SECONDS));
        Path dir = root.resolve("backup-monitor");
        EnvBackupFile.write(dir, env, "the end-to-end tests");
        return PackagedService.module("backup-monitor").workDir(dir).start();
    }

    JsonHttp managerApi() {
        return new JsonHttp(manager.url(), API_KEY);
    }

    JsonHttp schedulerApi() {
        return new JsonHttp(scheduler.url(), API_KEY);
    }

    JsonHttp monitorApi() {
        return new JsonHttp(monitor.url(), API_KEY);
    }

    JsonHttp recoveryApi() {
        return new JsonHttp(recovery.url(), API_KEY);
    }

    /** The end of each service's console and of the manager's own logs, for a failure report. */
    String logTails() {
        StringBuilder out = new StringBuilder();
        for (PackagedService service : services) {
            out.append("---- ")
                    .append(service)
                    .append(", ")
                    .append(service.consoleLog())
                    .append(":\n")
                    .append(service.consoleTail(80));
        }
        if (manager != null) {
            Path errors = manager.workDir().resolve("logs/backup_manager.error.log");
            try {
                if (Files.exists(errors)) {
                    out.append("---- ").append(errors).append(":\n").append(Files.readString(errors));
                }
            } catch (IOException e) {
                out.append("(cannot read ")
                        .append(errors)
                        .append(": ")
                        .append(e)
                        .append(")\n");
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
        try {
            app.close();
        } catch (Exception e) {
            System.err.println("e2e: could not drop the test database / stop its Redis server: " + e);
        }
    }
}
