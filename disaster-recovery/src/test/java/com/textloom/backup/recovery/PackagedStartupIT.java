package com.textloom.backup.recovery;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.textloom.backup.testservers.KafkaBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) started the way users start it, in
 * prod mode, in its own JVM, in a working directory of its own: it reads {@code .env.backup} there, the
 * environment overrides the file, and a bad value stops start-up naming the variable (that it reads {@code .env.backup}
 * alone and logs to {@code logs/disaster_recovery.log}: {@code recover.PackagedCliIT}, which starts it that way). Runs after
 * {@code package} (surefire execution {@code packaged} in the {@code integration-test} phase).
 */
class PackagedStartupIT {

    private static final Path JAR =
            Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path workDir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopWhatWasStarted() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void startsWithTheShippedExampleCopiedToDotEnvBackupAsTheGuideSays() throws Exception {
        Path example = Path.of("..", ".env.backup.example").toAbsolutePath().normalize();
        Files.copy(example, workDir.resolve(".env.backup"));
        int port = freePort();
        Process service =
                start(Map.of("QUARKUS_HTTP_PORT", Integer.toString(port), "KAFKA_BOOTSTRAP_SERVERS", broker()));

        awaitReady(service, port);
    }

    @Test
    void aVariableSetInTheEnvironmentWinsOverDotEnvBackup() throws Exception {
        int filePort = freePort();
        int envPort = freePort();
        envFile("QUARKUS_HTTP_PORT=" + filePort + "\nKAFKA_BOOTSTRAP_SERVERS=" + broker() + "\n");
        Process service = start(Map.of("QUARKUS_HTTP_PORT", Integer.toString(envPort)));

        awaitReady(service, envPort);
        try {
            get(filePort, "/q/health/live");
            fail("nothing should listen on the port of .env.backup");
        } catch (IOException expected) {
            // connection refused: the environment's port won
        }
    }

    @Test
    void aBadValueInTheEnvironmentStopsStartUpNamingTheVariable() throws Exception {
        envFile("KAFKA_BOOTSTRAP_SERVERS=" + broker() + "\n");
        Process service =
                start(Map.of("QUARKUS_HTTP_PORT", Integer.toString(freePort()), "BACKUP_DAILY_RETENTION_DAYS", "abc"));

        String output = awaitExit(service);
        assertTrue(output.contains("BACKUP_DAILY_RETENTION_DAYS=abc: not a whole number"), output);
    }

    @Test
    void aBadValueInDotEnvBackupStopsStartUpNamingTheVariableAndTheFile() throws Exception {
        envFile("QUARKUS_HTTP_PORT=" + freePort() + "\nKAFKA_BOOTSTRAP_SERVERS=" + broker()
                + "\nBACKUP_MODE=sometimes   # not a mode\n");
        Process service = start(Map.of());

        String output = awaitExit(service);
        assertTrue(output.contains("BACKUP_MODE=sometimes: not active or standby"), output);
        assertTrue(output.contains(".env.backup"), output);
    }

    private Process start(Map<String, String> environment) throws IOException {
        assertTrue(Files.isRegularFile(JAR), JAR + " is built by the package phase");
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-XX:TieredStopAtLevel=1",
                        "-jar",
                        JAR.toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("console.out").toFile());
        builder.environment()
                .keySet()
                .removeIf(
                        name -> name.startsWith("BACKUP_") || name.startsWith("QUARKUS_") || name.startsWith("KAFKA_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private String awaitExit(Process service) throws Exception {
        assertTrue(service.waitFor(90, TimeUnit.SECONDS), "start-up should stop; output:\n" + console());
        assertNotEquals(0, service.exitValue(), "exit status");
        return console();
    }

    private void awaitReady(Process service, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                fail("the service stopped; output:\n" + console());
            }
            try {
                HttpResponse<String> ready = get(port, "/q/health/ready");
                if (ready.statusCode() == 200) {
                    assertTrue(
                            ready.body().contains("\"status\": \"UP\"")
                                    || ready.body().contains("\"status\":\"UP\""),
                            ready.body());
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        fail("not ready on port " + port + " within 90 s; output:\n" + console());
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void envFile(String text) throws IOException {
        Files.writeString(workDir.resolve(".env.backup"), text, StandardCharsets.UTF_8);
    }

    private String console() throws IOException {
        Path out = workDir.resolve("console.out");
        return Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
    }

    private static String broker() {
        return KafkaBroker.shared().bootstrapServers();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
