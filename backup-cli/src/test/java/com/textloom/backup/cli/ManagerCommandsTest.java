package com.textloom.backup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * The manager commands without a manager: help, bad input, an unreachable manager. Against the
 * packaged manager they run in {@code e2e-tests} ({@code ManagerCommandsIT}).
 */
class ManagerCommandsTest {
    final CliRunner cli = new CliRunner();

    @Test
    void everyManagerCommandExplainsItselfWithItsOptionsAndExitCodes() {
        for (String c :
                new String[] {"backup", "list", "verify", "restore", "delete", "status", "cleanup", "accept-new"}) {
            CliRunner.Result r = cli.run(c, "--help");
            assertEquals(0, r.exit(), c + ": " + r);
            assertTrue(r.out().startsWith("Usage: textloom-backup " + c), r.out());
            assertTrue(r.out().contains("--url=URL") && r.out().contains("BACKUP_MANAGER_URL"), r.out());
            assertTrue(r.out().contains("--json"), r.out());
        }
        assertTrue(cli.run("verify", "--help").out().contains("3   damaged or missing data found"));
        assertTrue(cli.run("backup", "--help").out().contains("full, incremental, daily, weekly or monthly"));
        String acceptNew = cli.run("accept-new", "--help").out();
        assertTrue(
                acceptNew.contains("--forget-repository-id=ID")
                        && acceptNew.contains("--force")
                        && acceptNew.contains("1   not confirmed"),
                acceptNew);
        assertTrue(cli.run("verify", "--help").out().contains("--read-data-subset=N%"));
        String top = cli.run("--help").out();
        assertTrue(
                top.contains("backup_manager.py") && top.contains("  restore  ") && top.contains("  accept-new  "),
                top);
    }

    @Test
    void anUnreachableManagerExitsOneNamingItsUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        cli.env.put("BACKUP_MANAGER_URL", "http://127.0.0.1:" + port);
        cli.env.put("BACKUP_API_KEY", "secret-key-value");
        CliRunner.Result r = cli.run("backup", "--type", "daily");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(
                r.stderr().startsWith("textloom-backup: cannot reach the backup manager at http://127.0.0.1:" + port),
                r.toString());
        assertTrue(!r.stderr().contains("secret-key-value") && r.out().isEmpty(), r.toString());
    }

    @Test
    void badInputExitsOneBeforeAskingAnything() {
        CliRunner.Result noId = cli.run("verify");
        assertEquals(1, noId.exit(), noId.toString());
        assertTrue(noId.stderr().contains("Missing required option: '--backup-id=ID'"), noId.toString());
        CliRunner.Result badType = cli.run("backup", "--type", "hourly");
        assertEquals(1, badType.exit(), badType.toString());
        assertTrue(badType.stderr().contains("hourly"), badType.toString());
        CliRunner.Result badSubset = cli.run(
                "verify", "--backup-id", "20250820_120000", "--read-data-subset", "1/5", "--url", "http://127.0.0.1:9");
        assertEquals(1, badSubset.exit(), badSubset.toString());
        assertTrue(badSubset.stderr().contains("--read-data-subset takes a percentage"), badSubset.toString());
        CliRunner.Result badUrl = cli.run("status", "--url", "localhost:8080");
        assertEquals(1, badUrl.exit(), badUrl.toString());
        assertTrue(badUrl.stderr().contains("--url localhost:8080 is not an http(s) URL"), badUrl.toString());
    }

    /**
     * {@code BACKUP_MANAGER_URL} listing an HA pair, as disaster-recovery reads it: the command goes to the active
     * manager, past one that is down and a standby. Before, the list was taken as one URL and every command failed.
     */
    @Test
    void aListOfManagersSendsTheCommandToTheActiveOne() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        java.util.List<String> toStandby = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.List<String> toActive = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer standby = manager("standby", toStandby);
        com.sun.net.httpserver.HttpServer active = manager("active", toActive);
        try {
            cli.env.put(
                    "BACKUP_MANAGER_URL",
                    "http://127.0.0.1:" + closed + ", http://127.0.0.1:"
                            + standby.getAddress().getPort() + ",http://127.0.0.1:"
                            + active.getAddress().getPort());
            CliRunner.Result r = cli.run("list", "--json");
            assertEquals(0, r.exit(), r.toString());
            assertEquals(java.util.List.of("GET /api/status", "GET /api/backups"), toActive);
            assertEquals(java.util.List.of("GET /api/status"), toStandby, "the standby is only asked who it is");
        } finally {
            standby.stop(0);
            active.stop(0);
        }
    }

    /** A manager that answers {@code /api/status} with its HA role; only an active one serves the rest. */
    private static com.sun.net.httpserver.HttpServer manager(String role, java.util.List<String> seen)
            throws java.io.IOException {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            seen.add(exchange.getRequestMethod() + " " + path);
            String body = path.equals("/api/status")
                    ? "{\"ha\":{\"role\":\"" + role + "\"}}"
                    : "active".equals(role) ? "[]" : "{\"error\":\"standby\",\"message\":\"standby\"}";
            int status = path.equals("/api/status") || "active".equals(role) ? 200 : 503;
            byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return server;
    }
}
