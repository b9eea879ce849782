package com.textloom.backup.recovery.recover;

import com.textloom.backup.testservers.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A tiny stand-in for the TextLoom application: a real process ({@code python3 -m http.server}) on a free port
 * answering {@code GET /health} with 200, started in the background by the same command the recovery's restart
 * hook runs ({@code TEXTLOOM_APP_RESTART_COMMAND}), its pid in {@code app.pid} so a test can kill it.
 */
public class TinyApp implements QuarkusTestResourceLifecycleManager {
    private Path dir;
    private int port;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("drr-app-");
            Files.writeString(dir.resolve("health"), "ok\n");
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            run(startCommand(dir, port));
            awaitHealthy("http://127.0.0.1:" + port + "/health");
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("the tiny app did not start: " + e.getMessage(), e);
        }
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers());
        config.put("textloom.app-health-url", "http://127.0.0.1:" + port + "/health");
        config.put("textloom.app-restart-command", startCommand(dir, port));
        config.put("backup.dr.health-timeout", "20s");
        config.put("test.app-dir", dir.toString());
        config.put("backup.api-key", "it=tiny-" + java.util.UUID.randomUUID());
        return config;
    }

    static String startCommand(Path dir, int port) {
        return "cd " + dir + " && (python3 -m http.server " + port
                + " --bind 127.0.0.1 >/dev/null 2>&1 & echo $! > app.pid)" + " && echo started tiny app";
    }

    /** Kills the app with SIGKILL (as a crash would) and waits until it is gone. */
    static void kill(Path dir) throws Exception {
        long pid = Long.parseLong(Files.readString(dir.resolve("app.pid")).trim());
        ProcessHandle h =
                ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("app " + pid + " is not running"));
        run("kill -9 " + pid);
        h.onExit().get(10, TimeUnit.SECONDS);
    }

    static void awaitHealthy(String url) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            try {
                if (http.send(
                                        HttpRequest.newBuilder(URI.create(url))
                                                .timeout(Duration.ofSeconds(2))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(100);
        }
    }

    private static void run(String command) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(command + " failed");
        }
    }

    @Override
    public void stop() {
        try {
            if (dir != null && Files.exists(dir.resolve("app.pid"))) {
                kill(dir);
            }
        } catch (Exception e) {
            System.err.println("recovery tests: the tiny app was not running at the end: " + e.getMessage());
        }
    }
}
