package com.textloom.backup.monitor.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.textloom.backup.monitor.Fixtures;
import com.textloom.backup.monitor.config.MonitorSettings;
import com.textloom.backup.testservers.StallingHttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The protected parts read from disaster-recovery's {@code GET /api/assess} (a local HTTP server answering as it
 * does): critical = down, only the protected checks, and the last known status kept while it does not answer.
 */
class ProberTest {

    @TempDir
    Path dir;

    private static String assessment(String redisStatus) {
        return "{\"overall_status\":\"" + redisStatus + "\",\"assessed_at\":\"2026-12-03T12:00:00Z\",\"services\":["
                + "{\"name\":\"postgresql\",\"status\":\"healthy\",\"detail\":\"ok\",\"checked_at\":\"2026-12-03T12:00:00Z\"},"
                + "{\"name\":\"redis\",\"status\":\"" + redisStatus
                + "\",\"detail\":\"data loss: db 10 has 0 of 6 keys\","
                + "\"checked_at\":\"2026-12-03T12:00:01Z\"},"
                + "{\"name\":\"suite\",\"status\":\"critical\",\"detail\":\"backup-monitor not ready\"}],"
                + "\"failures\":[\"redis_failure\"]}";
    }

    @Test
    void protectedPartsComeFromTheLatestAssessmentAndStayKnownWhileDisasterRecoveryIsAway() throws Exception {
        AtomicReference<String> answer = new AtomicReference<>(assessment("critical"));
        AtomicInteger status = new AtomicInteger(200);
        HttpServer dr = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        dr.createContext("/api/assess", ex -> {
            byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status.get(), body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        dr.start();
        try {
            MonitorSettings base = Fixtures.settings(dir);
            MonitorSettings s = new MonitorSettings(
                    base.node(),
                    base.interval(),
                    base.renotifyInterval(),
                    base.historyDays(),
                    base.rpo(),
                    dir,
                    99,
                    100,
                    0.5,
                    Map.of(),
                    Map.of(),
                    base.probeTimeout(),
                    base.drillPeriods(),
                    URI.create("http://127.0.0.1:" + dr.getAddress().getPort()));
            Prober prober = new Prober(s, Clock.systemUTC());

            List<ProbeStatus> parts = prober.probe().protectedParts();
            assertEquals(
                    List.of("postgresql", "redis"),
                    parts.stream().map(ProbeStatus::name).toList(),
                    "only the protected checks: " + parts);
            ProbeStatus redis = parts.get(1);
            assertFalse(redis.up());
            assertTrue(redis.detail().contains("0 of 6 keys"), redis.detail());
            assertTrue(parts.get(0).up());

            status.set(503);
            assertFalse(prober.probe().protectedParts().get(1).up(), "disaster-recovery away: still known lost");
            status.set(200);
            answer.set(assessment("healthy"));
            assertTrue(prober.probe().protectedParts().get(1).up(), "the next assessment finds it healthy");
            answer.set(assessment("critical"));
            assertFalse(prober.probe().protectedParts().get(1).up());
            dr.stop(0);
            assertFalse(prober.probe().protectedParts().get(1).up(), "disaster-recovery gone: still known lost");
        } finally {
            dr.stop(0);
        }
        assertEquals(
                List.of(),
                new Prober(Fixtures.settings(dir), Clock.systemUTC()).probe().protectedParts(),
                "BACKUP_DR_URL not read: nothing");
    }

    @Test
    void aServiceNotReadyYetIsAskedOnceMoreBeforeItCountsAsDown() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        HttpServer scheduler = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        scheduler.createContext("/q/health/ready", ex -> {
            // still starting at the first probe (deploy/local/up starts the services side by side), ready after
            ex.sendResponseHeaders(asked.incrementAndGet() == 1 ? 503 : 200, -1);
            ex.close();
        });
        scheduler.start();
        try {
            MonitorSettings s = Fixtures.settings(
                    dir,
                    Map.of(),
                    Map.of(
                            "backup-scheduler",
                            URI.create(
                                    "http://127.0.0.1:" + scheduler.getAddress().getPort())),
                    Map.of(),
                    99);
            ProbeStatus probed =
                    new Prober(s, Clock.systemUTC()).probe().services().get(0);
            assertTrue(probed.up(), probed.toString());
            assertEquals("HTTP 200", probed.detail());
            assertEquals(2, asked.get());
        } finally {
            scheduler.stop(0);
        }
        MonitorSettings gone = Fixtures.settings(
                dir, Map.of(), Map.of("backup-scheduler", URI.create("http://127.0.0.1:1")), Map.of(), 99);
        assertFalse(
                new Prober(gone, Clock.systemUTC()).probe().services().get(0).up(), "down twice: down");
    }

    /**
     * The manager's repository from its {@code /q/health/well} (SmallRye Health's answer: 503 with the {@code repository}
     * check DOWN while lost or replaced), kept while the manager does not answer, nothing from a manager without it.
     */
    @Test
    void theManagersRepositoryComesFromItsWellnessAndStaysKnownWhileItIsAway() throws Exception {
        AtomicReference<String> answer = new AtomicReference<>(Fixtures.wellness("replaced"));
        AtomicInteger status = new AtomicInteger(503);
        HttpServer manager = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        manager.createContext("/q/health", ex -> {
            byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(ex.getRequestURI().getPath().endsWith("/ready") ? 200 : status.get(), body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        manager.start();
        try {
            MonitorSettings s = Fixtures.settings(
                    dir,
                    Map.of(),
                    Map.of(
                            Prober.MANAGER,
                            URI.create(
                                    "http://127.0.0.1:" + manager.getAddress().getPort())),
                    Map.of(),
                    99);
            Prober prober = new Prober(s, Clock.systemUTC());
            ProbeSnapshot first = prober.probe();
            ProbeStatus repo = first.repositories().get(0);
            assertFalse(repo.up());
            assertTrue(repo.detail().startsWith("replaced: the repository this manager"), repo.detail());
            assertTrue(first.anyDown(), "a lost repository is something down: rechecked soon");

            status.set(500);
            assertFalse(prober.probe().repositories().get(0).up(), "an answer that is no health answer: still lost");
            status.set(200);
            answer.set(Fixtures.wellness("ok"));
            ProbeSnapshot back = prober.probe();
            assertTrue(back.repositories().get(0).up(), back.toString());
            assertFalse(back.anyDown());
            answer.set("{\"status\":\"UP\",\"checks\":[]}");
            assertEquals(List.of(), prober.probe().repositories(), "a manager without the check: nothing known");
        } finally {
            manager.stop(0);
        }
    }

    /**
     * A server that sends its status line and headers and then stalls in the middle of the body (a hung service, a
     * hostile one, a half-open proxy): each probe of it is down within the probe timeout, and the probe returns.
     * The request timeout alone ends at the headers; the body must be bounded too.
     */
    @Test
    void aServerThatStallsInTheMiddleOfItsAnswerIsDownWithinTheProbeTimeout() throws Exception {
        try (StallingHttpServer stalling = new StallingHttpServer()) {
            URI uri = stalling.uri();
            MonitorSettings base = Fixtures.settings(dir);
            MonitorSettings s = new MonitorSettings(
                    base.node(),
                    base.interval(),
                    base.renotifyInterval(),
                    base.historyDays(),
                    base.rpo(),
                    dir,
                    99,
                    100,
                    0.5,
                    Map.of(Prober.MANAGER, uri),
                    Map.of("minio", uri),
                    Duration.ofSeconds(1),
                    base.drillPeriods(),
                    uri,
                    Duration.ofMillis(100));
            Prober prober = new Prober(s, Clock.systemUTC());
            long t0 = System.nanoTime();
            ProbeSnapshot snapshot = assertTimeoutPreemptively(
                    Duration.ofSeconds(20), prober::probe, "the probe of a stalled answer never returned");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 10_000, "probe took " + ms + " ms with a 1 s probe timeout");
            assertFalse(snapshot.services().get(0).up(), snapshot.toString());
            assertFalse(snapshot.backends().get(1).up(), "the storage backend: " + snapshot.backends());
            assertEquals(
                    "no complete answer within the probe timeout",
                    snapshot.services().get(0).detail());
            assertEquals(List.of(), snapshot.repositories(), "no health answer read: nothing known yet");
            assertEquals(List.of(), snapshot.protectedParts());
            assertTrue(stalling.connections() >= 3, "every probe reached the server: " + stalling.connections());
        }
    }
}
