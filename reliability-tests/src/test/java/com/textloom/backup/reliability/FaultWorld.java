package com.textloom.backup.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.textloom.backup.testservers.EnvBackupFile;
import com.textloom.backup.testservers.KafkaBroker;
import com.textloom.backup.testservers.PackagedService;
import com.textloom.backup.testservers.S3ProxyServer;
import com.textloom.backup.testservers.TcpGate;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real parts the faults are injected into, once per test JVM, under {@code target/reliability/run-<time>/}:
 * a Kafka broker of its own (fixed port and data directory, so it can be restarted with its topics), the shared
 * S3Proxy behind a {@link TcpGate} (the manager's MinIO remote goes through the gate; the checks read S3Proxy
 * directly), a workspace of seeded random files, and the packaged backup-manager in its own JVM with an API key
 * ({@code BACKUP_API_KEY}; auth fails closed), which {@link #killManager()} ends with SIGKILL and
 * {@link #startManager()} starts again on the same state directory and repository.
 *
 * <p>Guarantees: {@link #close()} stops the manager, the gate and the broker (S3Proxy stops with the JVM); the
 * run's directory stays for reading (consoles, the manager's logs, the repository).
 */
final class FaultWorld implements AutoCloseable {
    static final String API_KEY = "reliab-" + UUID.randomUUID();
    static final String BACKUP_API_KEY = "reliability=" + API_KEY;

    final Path root;
    final Path workspace;
    final Path appLogs;
    final Path restoreRoot;
    final Path repository;
    final Path managerDir;
    final String bucket = "reliab-" + UUID.randomUUID().toString().substring(0, 8);
    final String encryptionKey = EnvBackupFile.newEncryptionKey();
    final S3ProxyServer s3;
    final TcpGate s3Gate;
    private final int brokerPort;
    private final Path brokerDir;
    private KafkaBroker broker;
    private PackagedService manager;
    private int fileCounter;

    private FaultWorld(Path root) throws IOException {
        this.root = root;
        this.workspace = Files.createDirectories(root.resolve("app/workspace"));
        this.appLogs = Files.createDirectories(root.resolve("app/logs"));
        this.restoreRoot = Files.createDirectories(root.resolve("restore"));
        this.repository = root.resolve("backups");
        this.managerDir = root.resolve("backup-manager");
        this.brokerPort = twoFreePorts();
        this.brokerDir = Files.createDirectories(root.resolve("kafka"));
        this.broker = KafkaBroker.start(brokerPort, brokerDir);
        this.s3 = S3ProxyServer.shared();
        this.s3Gate = new TcpGate(s3.port());
        Files.writeString(appLogs.resolve("textloom.log"), "started\n");
    }

    static FaultWorld start() {
        Path root = Path.of(
                        "target",
                        "reliability",
                        "run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")))
                .toAbsolutePath();
        FaultWorld world = null;
        try {
            world = new FaultWorld(root);
            world.seedWorkspace(Seeds.forScenario("workspace"), 12);
            world.startManager();
            return world;
        } catch (Exception e) {
            if (world != null) {
                world.close();
            }
            throw new IllegalStateException("the reliability world did not start: " + e.getMessage(), e);
        }
    }

    private final String signingKey = "reliability-signing-" + java.util.UUID.randomUUID();

    /** The manager's settings, all in its {@code .env.backup}: only workspace and logs are backed up. */
    Map<String, String> managerEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers());
        env.put("BACKUP_API_KEY", BACKUP_API_KEY);
        // requests on Kafka are signed (issue 11 item 9): without a key the manager refuses retention and in-place
        // restores
        // one key for the world's lifetime, as a deployment keeps it: a request signed by a manager that was killed
        // must verify in the restarted one (a key per start dead-lettered them: ManagerKillIT's "lost: queued")
        env.put("BACKUP_EVENT_SIGNING_KEY", signingKey);
        env.put("MINIO_ENDPOINT", "http://127.0.0.1:" + s3Gate.port());
        env.put("MINIO_ACCESS_KEY", s3.accessKey());
        env.put("MINIO_SECRET_KEY", s3.secretKey());
        env.put("MINIO_BUCKET", bucket);
        env.put("BACKUP_LOCAL_DIR", repository.toString());
        env.put("TEXTLOOM_WORKSPACE_DIR", workspace.toString());
        env.put("TEXTLOOM_LOG_DIR", appLogs.toString());
        env.put("BACKUP_ENCRYPTION_KEY", encryptionKey);
        env.put("BACKUP_RESTORE_ROOTS", restoreRoot.toString());
        env.put("BACKUP_PARALLEL_JOBS", "1");
        return env;
    }

    /** Starts the manager (again) on the same working directory, state and repository; waits until ready. */
    PackagedService startManager() {
        return manager = startManager(managerDir, managerEnv());
    }

    /** Starts a packaged manager in {@code dir} with exactly {@code env} in its {@code .env.backup}. */
    static PackagedService startManager(Path dir, Map<String, String> env) {
        EnvBackupFile.write(dir, env, "reliability-tests");
        return PackagedService.module("backup-manager")
                .workDir(dir)
                .stopGrace(Duration.ofSeconds(5))
                .readyTimeout(Duration.ofSeconds(120))
                .env(RESTART_TUNING)
                .start();
    }

    /**
     * Test tuning of the requests consumer (Kafka client settings, not suite variables, so in the process
     * environment): static group membership, so a manager started again after {@code kill -9} takes its partitions
     * back at once instead of after the dead member's session timeout (45 s by default: see RELIABILITY.md).
     */
    static final Map<String, String> RESTART_TUNING = Map.of(
            "MP_MESSAGING_INCOMING_REQUESTS_GROUP_INSTANCE_ID", "reliability-manager",
            "MP_MESSAGING_INCOMING_REQUESTS_SESSION_TIMEOUT_MS", "10000");

    /** Where S3Proxy keeps the remote repository's objects (its filesystem store), for lock and damage checks. */
    Path remoteStoreDir() {
        return s3.dataDir().resolve("blobs").resolve(bucket);
    }

    PackagedService manager() {
        return manager;
    }

    /** Stops the manager (SIGTERM): while another manager takes the requests topic. */
    void stopManager() {
        manager.close();
    }

    /** {@code kill -9} of the manager's JVM; returns once it is gone. */
    void killManager() {
        kill9(manager);
        manager.close();
    }

    static void kill9(PackagedService service) {
        try {
            Process kill = new ProcessBuilder("kill", "-9", Long.toString(service.pid()))
                    .inheritIO()
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -9 " + service.pid() + " failed");
            }
            ProcessHandle.of(service.pid()).ifPresent(h -> h.onExit().join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** Stops the broker (SIGTERM), waits {@code down}, starts it again on the same port and data. */
    void restartBroker(Duration down) throws InterruptedException {
        broker.close();
        Thread.sleep(down.toMillis());
        broker = KafkaBroker.start(brokerPort, brokerDir);
    }

    JsonHttp api() {
        return new JsonHttp(manager.url(), API_KEY);
    }

    /** The command line as an operator on the manager's host runs it: the key, and S3Proxy directly. */
    Cli cli() {
        return new Cli(Map.of(
                "BACKUP_ENCRYPTION_KEY",
                encryptionKey,
                "MINIO_ENDPOINT",
                s3.endpoint(),
                "MINIO_ACCESS_KEY",
                s3.accessKey(),
                "MINIO_SECRET_KEY",
                s3.secretKey(),
                "MINIO_BUCKET",
                bucket,
                "BACKUP_PARALLEL_JOBS",
                "1"));
    }

    /** Waits until the operation ends (not queued, not running); the last record seen, or null if none. */
    JsonNode awaitOperation(String operationId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            JsonHttp.Answer a = api().get("/api/operations/" + operationId);
            if (a.status() == 200) {
                last = a.json();
                String s = last.path("status").asText();
                if (!s.equals("queued") && !s.equals("running")) {
                    return last;
                }
            }
            Thread.sleep(100);
        }
        return last;
    }

    /**
     * The newest backup's id, else the id of a workspace backup taken now and awaited. A fuzz test run alone finds no
     * backup and a remote without a repository, so a retention at its end would be "partial" for a reason that has
     * nothing to do with the fuzz; a test that ends with one calls this first.
     */
    String newestBackup() throws InterruptedException {
        JsonHttp.Answer list = api().get("/api/backups");
        org.junit.jupiter.api.Assertions.assertEquals(200, list.status(), "list: " + list);
        if (list.json().size() > 0) {
            return list.json().get(0).path("backup_id").asText();
        }
        JsonHttp.Answer asked = api().post("/api/backups", "{\"type\":\"full\",\"components\":[\"workspace\"]}");
        org.junit.jupiter.api.Assertions.assertEquals(202, asked.status(), "backup request: " + asked);
        JsonNode done = awaitOperation(asked.json().path("operation_id").asText(), Duration.ofSeconds(120));
        org.junit.jupiter.api.Assertions.assertTrue(
                done != null && "success".equals(done.path("status").asText()), "the backup before the fuzz: " + done);
        return asked.json().path("backup_id").asText();
    }

    /** Adds {@code count} files of seeded random bytes (16 KiB .. 320 KiB) to the workspace. */
    void seedWorkspace(Random random, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            addFile(random);
        }
    }

    /** One change of the workspace: a new file, and now and then one removed. */
    void changeWorkspace(Random random) throws IOException {
        addFile(random);
        if (random.nextInt(3) == 0) {
            try (var files = Files.list(workspace)) {
                var list = files.sorted().toList();
                if (list.size() > 8) {
                    Files.delete(list.get(random.nextInt(list.size())));
                }
            }
        }
    }

    private void addFile(Random random) throws IOException {
        Path dir = Files.createDirectories(workspace.resolve("d" + (fileCounter % 3)));
        byte[] bytes = new byte[16 * 1024 + random.nextInt(304 * 1024)];
        random.nextBytes(bytes);
        try (OutputStream out = Files.newOutputStream(dir.resolve("f" + (fileCounter++) + ".bin"))) {
            out.write(bytes);
        }
    }

    /** The end of the manager's console, for failure messages. */
    String managerTail() {
        return manager == null ? "(no manager)" : manager + "\n" + manager.consoleTail(60);
    }

    @Override
    public void close() {
        if (manager != null) {
            manager.close();
        }
        s3Gate.close();
        if (broker != null) {
            broker.close();
        }
    }

    /** A free port whose next port is free too (the broker's controller listens there). */
    private static int twoFreePorts() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                p = s.getLocalPort();
            }
            if (p < 65535) {
                try (ServerSocket s = new ServerSocket(p + 1, 1, InetAddress.getLoopbackAddress())) {
                    return p;
                } catch (IOException e) {
                    // taken: try another
                }
            }
        }
        throw new IOException("no two consecutive free ports");
    }

    static final Set<String> ACTIVE = Set.of("queued", "running");
}
