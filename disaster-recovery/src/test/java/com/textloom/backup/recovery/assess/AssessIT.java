package com.textloom.backup.recovery.assess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.textloom.backup.recovery.catalog.BackupCatalog;
import com.textloom.backup.recovery.catalog.BackupInfo;
import com.textloom.backup.recovery.catalog.CatalogUnavailableException;
import com.textloom.backup.recovery.catalog.ManagerCatalog;
import com.textloom.backup.recovery.config.AssessConfig;
import com.textloom.backup.recovery.config.RecoverConfig;
import com.textloom.backup.support.config.BackupConfig;
import com.textloom.backup.support.config.ProtectedAppConfig;
import com.textloom.backup.support.health.BrokerProbe;
import com.textloom.backup.testservers.S3ProxyServer;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/**
 * The assessment against real parts ({@link AssessWorld}): the machine's PostgreSQL, a private redis-server, S3Proxy
 * and the packaged backup-manager, whose backup's figures are what data loss is measured against. Each test that
 * breaks something puts it back.
 */
@QuarkusTest
@WithTestResource(AssessWorld.class)
class AssessIT {

    @Inject
    ConcurrentAssessor assessor;

    @Inject
    AssessConfig assessConfig;

    @Inject
    RecoverConfig recoverConfig;

    @Inject
    ProtectedAppConfig appConfig;

    @Inject
    BackupConfig backupConfig;

    @Inject
    Config config;

    @Inject
    BackupCatalog catalog;

    @Inject
    BrokerProbe broker;

    @Inject
    Vertx vertx;

    @Inject
    Scheduler scheduler;

    private static AssessWorld world() {
        return AssessWorld.current();
    }

    @Test
    void healthyAgainstTheRealServersWithTheManagersFigures() {
        assessor.assess(); // warm: the first look opens the repositories
        long t0 = System.nanoTime();
        Assessment a = assessor.assess();
        long took = (System.nanoTime() - t0) / 1_000_000;
        StringBuilder latencies = new StringBuilder();
        a.services()
                .forEach(c -> latencies
                        .append(' ')
                        .append(c.name())
                        .append('=')
                        .append(c.latencyMs())
                        .append("ms"));
        System.out.println("MEASURED healthy assessment: " + took + " ms;" + latencies);

        ServiceCheck pg = a.service("postgresql");
        assertEquals("healthy", pg.status(), pg.toString());
        assertEquals(true, pg.facts().get("data_loss_checked"), pg.toString());
        assertEquals(world().backupId, pg.facts().get("compared_with_backup"));
        assertEquals("primary", pg.facts().get("role"));
        assertEquals(true, pg.facts().get("accepts_writes"));
        assertEquals(3, pg.facts().get("tables"));
        assertTrue(((Number) pg.facts().get("size_bytes")).longValue() > 0);
        assertTrue(((Number) pg.facts().get("max_connections")).intValue() > 0);

        ServiceCheck redis = a.service("redis");
        assertEquals("healthy", redis.status(), redis.toString());
        assertEquals(world().backupId, redis.facts().get("compared_with_backup"));
        assertEquals(350L, ((Number) redis.facts().get("keys")).longValue());
        assertEquals("master", redis.facts().get("role"));

        ServiceCheck app = a.service("application");
        assertEquals("skipped", app.status());
        assertTrue(app.detail().contains("TEXTLOOM_APP_HEALTH_URL is not set"), app.detail());

        ServiceCheck backups = a.service("backups");
        assertEquals("healthy", backups.status(), backups.toString());

        ServiceCheck suite = a.service("suite");
        assertEquals("degraded", suite.status(), suite.toString()); // only the manager of the suite runs here
        @SuppressWarnings("unchecked")
        Map<String, Object> services = (Map<String, Object>) suite.facts().get("services");
        assertEquals(
                Map.of("broker", "up", "backup-manager", "up", "backup-scheduler", "down", "backup-monitor", "down"),
                services);
        assertTrue(
                a.recommendations().stream().anyMatch(r -> r.contains("backup-scheduler is not ready")),
                a.recommendations().toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> managers = (Map<String, Object>) suite.facts().get("managers");
        assertEquals(2, managers.size(), managers.toString()); // BACKUP_MANAGER_URL lists a dead one, then the real one
        assertEquals(
                "up",
                managers.get(world().manager.url().replaceAll("/+$", "") + "/q/health/ready"),
                managers.toString());
        assertTrue(managers.values().stream().anyMatch(v -> v.toString().startsWith("down: ")), managers.toString());
        assertTrue(
                a.recommendations().stream()
                        .anyMatch(r -> r.contains("backup-manager is not ready")
                                && r.contains("another manager listed in BACKUP_MANAGER_URL is")),
                a.recommendations().toString());

        assertEquals("degraded", a.overallStatus());
        assertEquals(List.of(), a.failures());
        for (ServiceCheck c : a.services()) {
            assertNotNull(c.checkedAt());
            assertTrue(c.latencyMs() >= 0);
        }
    }

    @Test
    void theLocalRepositoryAndTheRemoteOnS3ProxyAreListedWithTheirLatestSnapshot() {
        ServiceCheck storage = assessor.assess().service("storage");

        assertEquals("healthy", storage.status(), storage.toString());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> locations =
                (List<Map<String, Object>>) storage.facts().get("locations");
        assertEquals(2, locations.size(), locations.toString());
        Map<String, Object> local = locations.get(0);
        assertEquals("repository", local.get("role"));
        assertEquals("ok", local.get("status"));
        assertEquals(world().snapshotId, local.get("latest_snapshot"));
        Map<String, Object> remote = locations.get(1);
        assertEquals("remote", remote.get("role"));
        assertEquals("ok", remote.get("status"), remote.toString());
        assertEquals("s3:" + S3ProxyServer.shared().endpoint() + "/" + world().bucket, remote.get("location"));
        assertEquals(world().snapshotId, remote.get("latest_snapshot"));
        assertEquals(1, remote.get("snapshots"));
    }

    @Test
    void aDroppedDatabaseIsCriticalAndPointsAtDatabaseFailure() throws Exception {
        String gone = world().database + "_gone";
        AssessWorld.sql("postgres", "CREATE DATABASE " + gone);
        AssessWorld.sql("postgres", "DROP DATABASE " + gone);

        Assessment a =
                assessor.assess(assessor.settings().withDatabaseUrl("postgresql://postgres@127.0.0.1:5432/" + gone));

        ServiceCheck pg = a.service("postgresql");
        assertEquals("critical", pg.status());
        assertTrue(pg.detail().contains("database '" + gone + "' does not exist"), pg.detail());
        assertEquals("critical", a.overallStatus());
        assertTrue(a.failures().contains("database_failure"), a.failures().toString());
        assertTrue(
                a.recommendations()
                        .get(0)
                        .contains("scripts/disaster_recovery.sh recover --scenario database_failure --dry-run"),
                a.recommendations().toString());
        assertTrue(
                a.recommendations().get(0).contains(world().backupId),
                a.recommendations().toString());
    }

    @Test
    void tablesEmptiedOrGoneComparedWithTheNewestBackupAreDataLoss() throws Exception {
        AssessWorld.sql(world().database, "TRUNCATE docs", "ALTER TABLE users RENAME TO users_moved");
        try {
            Assessment a = assessor.assess();

            ServiceCheck pg = a.service("postgresql");
            assertEquals("critical", pg.status(), pg.toString());
            assertEquals(List.of("public.docs"), pg.facts().get("emptied_tables"));
            assertEquals(List.of("public.users"), pg.facts().get("missing_tables"));
            assertTrue(pg.detail().contains("data loss"), pg.detail());
            assertTrue(pg.detail().contains(world().backupId), pg.detail());
            assertEquals(List.of("database_failure"), a.failures());
            assertEquals("critical", a.overallStatus());
        } finally {
            AssessWorld.sql(world().database, "ALTER TABLE users_moved RENAME TO users");
            world().fillDocs();
        }
        assertEquals("healthy", assessor.assess().service("postgresql").status(), "put back");
    }

    @Test
    void aFlushedRedisDbIsARedisFailureThoughTheServerAnswers() throws Exception {
        assertTrue(world().redisCli("-n", "2", "FLUSHDB").contains("OK"));
        try {
            Assessment a = assessor.assess();

            ServiceCheck redis = a.service("redis");
            assertEquals("critical", redis.status(), redis.toString());
            assertEquals("PONG", redis.facts().get("ping"));
            assertTrue(redis.detail().contains("db2 holds 0 keys, backup recorded 50"), redis.detail());
            assertEquals(List.of("redis_failure"), a.failures());
            assertEquals("critical", a.overallStatus());
            assertTrue(
                    a.recommendations().get(0).contains("--scenario redis_failure --dry-run"),
                    a.recommendations().toString());
        } finally {
            world().fillRedis();
        }
        assertEquals("healthy", assessor.assess().service("redis").status(), "put back");
    }

    @Test
    void aHungServerAnswersWithinTheTimeoutAsCritical() throws Exception {
        assessor.latest(); // this process has assessed once (a cold one's first look may be made twice)
        try (HungServer hung = new HungServer()) {
            String at = hung.hostPort();
            Duration timeout = Duration.ofSeconds(2);
            Path missing = world().root.resolve("no-such-repository");

            long t0 = System.nanoTime();
            Assessment a = assessor.assess(assessor.settings()
                    .withCheckTimeout(timeout)
                    .withDatabaseUrl("postgresql://postgres@" + at + "/textloom")
                    .withRedisUrl("redis://" + at + "/0")
                    .withAppHealthUrl(URI.create("http://" + at + "/health"))
                    .withRepository(missing.toString()));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            System.out.println("MEASURED assessment with a hung PostgreSQL, Redis and app, timeout 2 s: "
                    + took.toMillis() + " ms");

            assertTrue(took.compareTo(Duration.ofMillis(3500)) < 0, "took " + took);
            for (String part : List.of("postgresql", "redis", "application")) {
                ServiceCheck c = a.service(part);
                assertEquals("critical", c.status(), c.toString());
                assertTrue(c.detail().contains("no answer within 2000 ms"), c.detail());
            }
            assertEquals("critical", a.service("storage").status());
            assertEquals("critical", a.overallStatus());
            assertEquals(
                    List.of(
                            "database_failure",
                            "redis_failure",
                            "application_failure",
                            "storage_failure",
                            "full_disaster"),
                    a.failures());
            assertTrue(
                    a.recommendations().get(0).contains("--scenario full_disaster --dry-run"),
                    a.recommendations().toString());
        }
    }

    /**
     * Finding B: a new process's first look is cold, and PostgreSQL and Redis (real, behind a proxy) answer that
     * first connection only after the timeout. The first assessment must not say critical (it is made once more);
     * once the process has assessed, a late answer is reported at once.
     */
    @Test
    void aColdStartsLateFirstAnswerIsNotReportedAsAnOutage() throws Exception {
        Duration timeout = Duration.ofSeconds(2);
        Duration late = timeout.plusSeconds(1);
        ConcurrentAssessor cold = newProcess();
        try (SlowFirstConnection pg = new SlowFirstConnection(5432, late);
                SlowFirstConnection redis = new SlowFirstConnection(world().redisPort, late)) {
            AssessSettings through = cold.settings()
                    .withCheckTimeout(timeout)
                    .withDatabaseUrl("postgresql://postgres@127.0.0.1:" + pg.port() + "/" + world().database)
                    .withRedisUrl("redis://127.0.0.1:" + redis.port() + "/0");
            long t0 = System.nanoTime();
            Assessment first = cold.assess(through);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            System.out.println("MEASURED a cold process's first assessment, first connections answered after "
                    + late.toMillis() + " ms, timeout 2 s: " + took.toMillis() + " ms");

            for (String part : List.of("postgresql", "redis")) {
                ServiceCheck c = first.service(part);
                assertEquals("healthy", c.status(), c.toString());
            }
            assertFalse(
                    first.failures().contains("database_failure"),
                    first.failures().toString());
            assertFalse(
                    first.failures().contains("redis_failure"), first.failures().toString());
            assertEquals(2, pg.connections(), "the late first connection, then the second look's");
            assertTrue(
                    took.compareTo(timeout.plus(Duration.ofMillis(500))
                                    .multipliedBy(2)
                                    .plusSeconds(1))
                            < 0,
                    "took " + took);

            try (SlowFirstConnection pgLateAgain = new SlowFirstConnection(5432, late)) {
                Assessment warm = cold.assess(through.withDatabaseUrl(
                        "postgresql://postgres@127.0.0.1:" + pgLateAgain.port() + "/" + world().database));
                ServiceCheck c = warm.service("postgresql");
                assertEquals("critical", c.status(), "a warm process reports a late answer at once: " + c);
                assertTrue(c.detail().contains("no answer within 2000 ms"), c.detail());
                assertEquals(1, pgLateAgain.connections(), "not asked twice");
            }
        } finally {
            cold.stop();
        }
    }

    /** A real outage on a cold start is still in the first assessment, within 2 x (timeout + 0.5 s). */
    @Test
    void aColdStartStillReportsARealOutageInItsFirstAssessment() throws Exception {
        Duration timeout = Duration.ofSeconds(2);
        ConcurrentAssessor cold = newProcess();
        try (HungServer hung = new HungServer()) {
            long t0 = System.nanoTime();
            Assessment first = cold.assess(cold.settings()
                    .withCheckTimeout(timeout)
                    .withDatabaseUrl("postgresql://postgres@" + hung.hostPort() + "/textloom")
                    .withRedisUrl("redis://127.0.0.1:" + AssessWorld.closedPort() + "/0"));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            System.out.println("MEASURED a cold process's first assessment with PostgreSQL hung and Redis refusing: "
                    + took.toMillis() + " ms");

            ServiceCheck pg = first.service("postgresql");
            assertEquals("critical", pg.status(), pg.toString());
            assertTrue(pg.detail().contains("no answer within 2000 ms"), pg.detail());
            ServiceCheck redis = first.service("redis");
            assertEquals("critical", redis.status(), redis.toString());
            assertTrue(
                    first.failures().containsAll(List.of("database_failure", "redis_failure")),
                    first.failures().toString());
            Duration bound = timeout.plus(Duration.ofMillis(500)).multipliedBy(2);
            assertTrue(took.compareTo(bound.plusSeconds(1)) < 0, "took " + took + ", more than " + bound + " + 1 s");
        } finally {
            cold.stop();
        }
    }

    /** An assessor as a new process has it: nothing assessed yet, no repository open, its own threads. */
    private ConcurrentAssessor newProcess() {
        return new ConcurrentAssessor(
                assessConfig, recoverConfig, appConfig, backupConfig, config, catalog, broker, vertx, scheduler);
    }

    @Test
    void aBackupOlderThanItsRpoIsDegradedWithTheCommandToRun() throws Exception {
        Thread.sleep(1100); // the backup is at least a second old
        Assessment a = assessor.assess(
                assessor.settings().withRpo(Map.of("database", Duration.ofSeconds(1), "redis", Duration.ofHours(1))));

        ServiceCheck backups = a.service("backups");
        assertEquals("degraded", backups.status(), backups.toString());
        assertTrue(
                backups.detail().startsWith("database: newest good backup " + world().backupId + " is "),
                backups.detail());
        assertTrue(backups.detail().contains("over its RPO of 1s"), backups.detail());
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> components =
                (Map<String, Map<String, Object>>) backups.facts().get("components");
        assertEquals(false, components.get("database").get("rpo_met"));
        assertEquals(true, components.get("redis").get("rpo_met"));
        assertEquals(1L, ((Number) components.get("redis").get("remote_copies")).longValue());
        assertEquals(List.of(), a.failures(), "an old backup is a warning, not a failure of the application");
        assertTrue(
                a.recommendations().stream()
                        .anyMatch(r -> r.contains("(" + world().backupId + ")")
                                && r.contains("`scripts/backup_manager.sh backup --type full --wait`")),
                a.recommendations().toString());
    }

    @Test
    void theApplicationHealthUrlDownAndUp() throws Exception {
        HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        int[] status = {200};
        app.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(status[0], -1);
            exchange.close();
        });
        app.start();
        URI health = URI.create("http://127.0.0.1:" + app.getAddress().getPort() + "/health?token=app-secret");
        try {
            ServiceCheck up = assessor.assess(assessor.settings().withAppHealthUrl(health))
                    .service("application");
            assertEquals("healthy", up.status(), up.toString());
            assertEquals(200, up.facts().get("http_status"));
            assertFalse(up.toString().contains("app-secret"), "the query is not shown");

            status[0] = 503;
            Assessment failing = assessor.assess(assessor.settings().withAppHealthUrl(health));
            assertEquals("critical", failing.service("application").status());
            assertTrue(failing.service("application").detail().contains("answered HTTP 503"));
            assertEquals(List.of("application_failure"), failing.failures());
        } finally {
            app.stop(0);
        }
        Assessment down = assessor.assess(assessor.settings().withAppHealthUrl(health));
        assertEquals("critical", down.service("application").status());
        assertTrue(
                down.service("application").detail().contains("connection refused"),
                down.service("application").detail());
        assertTrue(
                down.recommendations().get(0).contains("--scenario application_failure"),
                down.recommendations().toString());
    }

    @Test
    void aDeletedLocalRepositoryIsAStorageFailure() throws Exception {
        Path copy = world().root.resolve("repository-copy");
        copyTree(world().repository, copy);
        AssessSettings onCopy = assessor.settings().withRepository(copy.toString());
        ServiceCheck before = assessor.assess(onCopy).service("storage");
        assertEquals("ok", location(before, 0).get("status"), "the copy is a good repository: " + before);

        deleteTree(copy);
        Assessment a = assessor.assess(onCopy);

        ServiceCheck storage = a.service("storage");
        assertEquals("critical", storage.status());
        assertTrue(storage.detail().contains("is missing: directory " + copy + " does not exist"), storage.detail());
        assertEquals(List.of("storage_failure"), a.failures());
        assertTrue(
                a.recommendations().get(0).contains("--scenario storage_failure --dry-run"),
                a.recommendations().toString());
        assertFalse(Files.exists(copy), "assessing never creates the directory");
    }

    @Test
    void theEndpointAnswersTheLatestOrAFreshAssessmentWithoutSecrets() {
        String latest = RestAssured.given()
                .get("/api/assess")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String fresh = RestAssured.given()
                .queryParam("fresh", "true")
                .get("/api/assess")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertTrue(fresh.contains("\"overall_status\":\"degraded\""), fresh);
        assertTrue(latest.contains("\"overall_status\":\""), latest);
        for (String body : List.of(latest, fresh)) {
            assertTrue(body.contains("\"latency_ms\":"), body);
            assertTrue(body.contains("\"checked_at\":\""), body);
            assertTrue(body.contains("\"name\":\"postgresql\""), body);
            assertTrue(body.contains("postgresql://127.0.0.1:5432/" + world().database), body);
            assertFalse(body.contains(AssessWorld.PASSWORD), "no database password");
            assertFalse(body.contains(S3ProxyServer.shared().secretKey()), "no S3 secret");
            assertFalse(body.contains(world().encryptionKey), "no repository key");
        }
        RestAssured.given()
                .queryParam("fresh", "sometimes")
                .get("/api/assess")
                .then()
                .statusCode(400)
                .body("error", org.hamcrest.Matchers.equalTo("bad_request"))
                .body("field", org.hamcrest.Matchers.equalTo("fresh"))
                .body("message", org.hamcrest.Matchers.startsWith("fresh: must be true or false"));
    }

    @Test
    void thePeriodicAssessmentKeepsTheLatestFresh() throws Exception {
        Instant first = assessor.latest().assessedAt();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!assessor.latest().assessedAt().isAfter(first) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(assessor.latest().assessedAt().isAfter(first), "a new assessment within the 2 s interval");
    }

    @Test
    void theCatalogueClientReadsTheRealManager() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        // an HA pair whose first manager is dead: every read passes over it to the real manager
        ManagerCatalog catalog = new ManagerCatalog(
                List.of(
                        URI.create("http://127.0.0.1:" + dead),
                        URI.create(world().manager.url())),
                AssessWorld.API_KEY);

        List<BackupInfo> all = catalog.list();
        assertEquals(1, all.size(), all.toString());
        BackupInfo listed = all.get(0);
        assertEquals(world().backupId, listed.backupId());
        assertEquals(world().snapshotId, listed.snapshotId());
        assertEquals("success", listed.status());
        assertEquals("full", listed.type());
        assertEquals(
                java.util.Set.of("database", "redis", "workspace", "logs"),
                listed.components().keySet());
        assertEquals("success", listed.components().get("database").status());
        assertEquals(Map.of(), listed.components().get("database").figures(), "figures are only in the detail");

        BackupInfo detail = catalog.find(world().backupId).orElseThrow();
        assertEquals("120", detail.components().get("database").figures().get("table.public.docs.rows"));
        assertEquals("50", detail.components().get("redis").figures().get("db.2.keys"));
        assertEquals(
                List.of(new BackupInfo.RemoteCopyInfo(
                        "s3:" + S3ProxyServer.shared().endpoint() + "/" + world().bucket, "present")),
                detail.remotes());
        assertTrue(detail.repository().startsWith("local:"), detail.repository());
        assertEquals(world().backupId, catalog.newestGood("redis").orElseThrow().backupId());
        assertTrue(catalog.find("20000101_000000").isEmpty());

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        CatalogUnavailableException refused = org.junit.jupiter.api.Assertions.assertThrows(
                CatalogUnavailableException.class,
                () -> new ManagerCatalog(URI.create("http://127.0.0.1:" + closed), null).list());
        assertTrue(refused.getMessage().contains("http://127.0.0.1:" + closed), refused.getMessage());
        assertTrue(refused.getMessage().contains("connection refused"), refused.getMessage());
        CatalogUnavailableException both = org.junit.jupiter.api.Assertions.assertThrows(
                CatalogUnavailableException.class,
                () -> new ManagerCatalog(
                                List.of(
                                        URI.create("http://127.0.0.1:" + dead),
                                        URI.create("http://127.0.0.1:" + closed)),
                                null)
                        .list());
        assertTrue(
                both.getMessage().contains("http://127.0.0.1:" + dead + ": connection refused")
                        && both.getMessage().contains("http://127.0.0.1:" + closed + ": connection refused"),
                both.getMessage());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> location(ServiceCheck storage, int i) {
        return ((List<Map<String, Object>>) storage.facts().get("locations")).get(i);
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
