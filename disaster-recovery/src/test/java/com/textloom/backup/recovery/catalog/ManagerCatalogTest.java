package com.textloom.backup.recovery.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The catalogue client's HTTP handling with a local HTTP server standing in for the manager's protocol edges (the
 * real manager's answers are read in AssessIT): the API key is sent, an error status or an answer that is not JSON
 * is a {@link CatalogUnavailableException} that says so, never showing the key; with several managers listed (an HA
 * pair), a closed port and a standby's 503 are passed over to the next, and a total failure names every one.
 */
class ManagerCatalogTest {

    private HttpServer server;
    /** A manager that answers every request 503, as a standby or a starting manager does; counts the requests. */
    private HttpServer standby;

    private final AtomicInteger standbyAsked = new AtomicInteger();
    private final AtomicReference<String> keySeen = new AtomicReference<>();
    private volatile int status = 200;
    private volatile String body = "[]";

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/backups", exchange -> {
            keySeen.set(exchange.getRequestHeaders().getFirst("X-API-Key"));
            byte[] answer = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        standby = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        standby.createContext("/", exchange -> {
            standbyAsked.incrementAndGet();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        standby.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        standby.stop(0);
    }

    private static URI closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
    }

    private URI answering() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private URI standbyUrl() {
        return URI.create("http://127.0.0.1:" + standby.getAddress().getPort());
    }

    private ManagerCatalog catalog(String key) {
        return new ManagerCatalog(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), key);
    }

    @Test
    void sendsTheApiKeyWhenSetAndNoneOtherwise() {
        assertEquals(List.of(), catalog("k3y-secret").list());
        assertEquals("k3y-secret", keySeen.get());
        catalog(null).list();
        assertEquals(null, keySeen.get());
    }

    @Test
    void anErrorStatusOrAnAnswerThatIsNotTheCatalogueIsUnavailableSayingWhich() {
        status = 500;
        CatalogUnavailableException e = assertThrows(
                CatalogUnavailableException.class, () -> catalog("k3y-secret").list());
        assertTrue(e.getMessage().contains("GET /api/backups answered HTTP 500"), e.getMessage());
        assertFalse(e.getMessage().contains("k3y-secret"));

        status = 200;
        body = "<html>a proxy's error page</html>";
        e = assertThrows(CatalogUnavailableException.class, () -> catalog(null).list());
        assertTrue(e.getMessage().contains("did not answer JSON"), e.getMessage());

        body = "{\"error\":\"x\"}";
        e = assertThrows(CatalogUnavailableException.class, () -> catalog(null).list());
        assertTrue(e.getMessage().contains("did not answer a list"), e.getMessage());
    }

    @Test
    void anUnknownBackupIsEmpty() {
        status = 404;
        body = "{\"error\":\"not_found\",\"message\":\"no backup x\"}";
        assertTrue(catalog(null).find("x").isEmpty());
    }

    @Test
    void aSafetyBackupIsNeverListedSoNeverTheNewestGood() {
        body = "[{\"backup_id\":\"20261203_120500\",\"status\":\"success\",\"tags\":[\"safety\"],"
                + "\"components\":[{\"component\":\"database\"}]},"
                + "{\"backup_id\":\"20261203_120000\",\"status\":\"success\",\"tags\":[\"daily\"],"
                + "\"components\":[{\"component\":\"database\"}]}]";
        assertEquals(
                List.of("20261203_120000"),
                catalog(null).list().stream().map(BackupInfo::backupId).toList());
    }

    @Test
    void aDeadManagerAndAStandbyArePassedOverToTheOneThatAnswersWhichIsAskedFirstFromThenOn() throws Exception {
        body = "[{\"backup_id\":\"20261203_120000\",\"status\":\"success\",\"components\":[]}]";
        ManagerCatalog catalog = new ManagerCatalog(List.of(closedPort(), standbyUrl(), answering()), "k3y-secret");

        assertEquals(
                List.of("20261203_120000"),
                catalog.list().stream().map(BackupInfo::backupId).toList());
        assertEquals(1, standbyAsked.get());
        assertEquals("k3y-secret", keySeen.get());

        assertEquals(1, catalog.list().size());
        assertEquals(1, standbyAsked.get(), "the next request starts from the manager that answered");

        status = 500;
        CatalogUnavailableException e = assertThrows(CatalogUnavailableException.class, catalog::list);
        assertTrue(
                e.getMessage().contains("at " + answering() + " is unavailable: GET /api/backups answered HTTP 500"),
                e.getMessage());
        assertEquals(1, standbyAsked.get(), "an error that is not 503 is the manager's answer: no other is asked");
    }

    /**
     * A manager that sends its headers and then stalls in the body is passed over at the list timeout, like a dead
     * one (before: the request's timeout ended at the headers, and the catalogue waited for the body forever).
     */
    @Test
    void aManagerThatStallsInItsAnswerIsPassedOverAtTheTimeout() throws Exception {
        body = "[{\"backup_id\":\"20261203_120000\",\"status\":\"success\",\"components\":[]}]";
        try (com.textloom.backup.testservers.StallingHttpServer stalling =
                new com.textloom.backup.testservers.StallingHttpServer()) {
            ManagerCatalog catalog = new ManagerCatalog(List.of(stalling.uri(), answering()), "k3y-secret");
            long t0 = System.nanoTime();
            List<BackupInfo> list = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                    java.time.Duration.ofSeconds(40), catalog::list, "the catalogue waited for a stalled answer");
            assertEquals(
                    List.of("20261203_120000"),
                    list.stream().map(BackupInfo::backupId).toList());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < ManagerCatalog.LIST_TIMEOUT.toMillis() + 5_000, "took " + ms + " ms");
            assertEquals(1, stalling.connections(), "the stalled manager was asked first");
        }
    }

    @Test
    void whenNoManagerAnswersTheMessageNamesEveryOneTriedAndWhy() throws Exception {
        URI dead = closedPort();
        CatalogUnavailableException e = assertThrows(
                CatalogUnavailableException.class,
                () -> new ManagerCatalog(List.of(dead, standbyUrl()), "k3y-secret").find("20261203_120000"));
        assertTrue(e.getMessage().contains(dead + ": connection refused"), e.getMessage());
        assertTrue(e.getMessage().contains(standbyUrl() + ": answered HTTP 503"), e.getMessage());
        assertTrue(e.getMessage().contains("failed at every manager listed"), e.getMessage());
        assertFalse(e.getMessage().contains("k3y-secret"), e.getMessage());
    }
}
