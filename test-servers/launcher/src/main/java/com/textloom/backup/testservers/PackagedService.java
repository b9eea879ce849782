package com.textloom.backup.testservers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/**
 * A packaged Quarkus service ({@code <module>/target/quarkus-app/quarkus-run.jar}) running in prod mode in its
 * own JVM, in a working directory of its own, on a free port of 127.0.0.1 — the way a user runs it, so it
 * reads {@code .env.backup} in that directory (or {@code BACKUP_ENV_FILE}) and writes {@code logs/} there.
 *
 * <p>Guarantees: {@link Builder#start()} returns only once {@code /q/health/ready} answers 200 with status
 * UP; when the service exits or is not ready in time, it is killed and the exception carries the end of its
 * console output. The service is stopped (SIGTERM, then SIGKILL after a grace period) by {@link #close()}, at
 * exit of this JVM (shutdown hook), and also when this JVM is killed (the service's JVM watches its parent).
 * Its environment is not this JVM's: only {@code PATH}, {@code HOME}, the user, locale and time-zone variables
 * are passed on, plus what the caller sets, so a developer's exported {@code BACKUP_*} never leaks in.
 * The working directory and the console log are kept (tests leave them under {@code target/} to read).
 *
 * <pre>{@code
 * try (PackagedService manager = PackagedService.module("backup-manager").workDir(dir)
 *         .env("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers()).start()) {
 *     HttpClient.newHttpClient().send(HttpRequest.newBuilder(manager.uri("/api/status")).build(), ofString());
 * }
 * }</pre>
 */
public final class PackagedService extends RunningServer {

    /** Variables of this JVM's environment a service inherits; everything else it gets from the caller. */
    public static final List<String> INHERITED_VARIABLES =
            List.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR", "JAVA_HOME");

    private static final int START_ATTEMPTS = 3;

    private final String name;
    private final int port;

    private PackagedService(String name, int port, ServerLifecycle lifecycle) {
        super(lifecycle);
        this.name = name;
        this.port = port;
    }

    /** A service of this checkout: {@code <checkout>/<module>/target/quarkus-app/quarkus-run.jar}. */
    public static Builder module(String module) {
        Path jar = RuntimeClasspath.checkoutDir().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        return new Builder(module, jar);
    }

    /** A service from its {@code quarkus-run.jar}; {@code name} names it in messages and {@code ps}. */
    public static Builder jar(String name, Path quarkusRunJar) {
        return new Builder(name, quarkusRunJar.toAbsolutePath());
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code url() + path}, e.g. {@code uri("/api/status")}. */
    public java.net.URI uri(String path) {
        return java.net.URI.create(url() + path);
    }

    /** The service's working directory (its {@code .env.backup}, its {@code logs/}): {@link #dataDir()}. */
    public Path workDir() {
        return dataDir();
    }

    /** The file receiving the service's standard output and error: {@link #logFile()}. */
    public Path consoleLog() {
        return logFile();
    }

    /** The last {@code lines} lines of the console output, indented, for failure messages. */
    public String consoleTail(int lines) {
        return lifecycle.process().logTail(lines);
    }

    @Override
    public String toString() {
        return name + " at " + url() + " (pid " + pid() + ", working directory " + workDir() + ")";
    }

    /** What to start and how; {@link #start()} starts it. */
    public static final class Builder {
        private final String name;
        private final Path jar;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> jvmOptions = new ArrayList<>(List.of(
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-Djava.net.preferIPv4Stack=true"));
        private Path workDir;
        private Path consoleLog;
        private Duration readyTimeout = Duration.ofSeconds(120);
        private Duration stopGrace = Duration.ofSeconds(20);

        private Builder(String name, Path jar) {
            this.name = name;
            this.jar = jar;
        }

        /** The working directory (created 0700 if missing; default: a new private temporary one). */
        public Builder workDir(Path dir) {
            this.workDir = dir.toAbsolutePath();
            return this;
        }

        /** Where the console output goes (default {@code console.log} in the working directory). */
        public Builder consoleLog(Path file) {
            this.consoleLog = file.toAbsolutePath();
            return this;
        }

        /** Sets one environment variable of the service. */
        public Builder env(String variable, String value) {
            environment.put(variable, value);
            return this;
        }

        /** Sets environment variables of the service. */
        public Builder env(Map<String, String> variables) {
            environment.putAll(variables);
            return this;
        }

        /** Replaces the default maximum heap (256m). */
        public Builder heap(String maxHeap) {
            jvmOptions.removeIf(o -> o.startsWith("-Xmx"));
            jvmOptions.add("-Xmx" + maxHeap);
            return this;
        }

        /** Adds a JVM option. */
        public Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        /** How long {@link #start()} waits for readiness (default 120 s). */
        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = timeout;
            return this;
        }

        /** How long {@link #close()} waits after SIGTERM before killing (default 20 s). */
        public Builder stopGrace(Duration grace) {
            this.stopGrace = grace;
            return this;
        }

        /**
         * Starts the service on a free port ({@code QUARKUS_HTTP_PORT}, bound to 127.0.0.1) and waits until it
         * is ready; tries other ports when the one picked was taken meanwhile.
         *
         * @throws IllegalStateException when the jar is missing, or the service exits or is not ready in time
         *                               (the message carries the end of its console output)
         */
        public PackagedService start() {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("missing " + jar + ": package the service first (`mvn -B package -pl "
                        + name + " -am`, or make the test module depend on it so the reactor builds it before)");
            }
            Path dir = workDir != null
                    ? Directories.createPrivate(workDir)
                    : Directories.createPrivateTemp("textloom-" + name + "-");
            Path log = consoleLog != null ? consoleLog : dir.resolve("console.log");
            try {
                Files.createDirectories(log.getParent());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + log.getParent(), e);
            }
            Manifest manifest = Manifest.of(jar);
            List<String> options = new ArrayList<>(jvmOptions);
            for (String opens : manifest.addOpens()) {
                options.add("--add-opens=" + opens + "=ALL-UNNAMED"); // what `java -jar` does for Add-Opens
            }
            IllegalStateException lost = null;
            for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
                int port = FreePort.find();
                Map<String, String> env = new LinkedHashMap<>();
                for (String v : INHERITED_VARIABLES) {
                    String value = System.getenv(v);
                    if (value != null) {
                        env.put(v, value);
                    }
                }
                env.putAll(environment);
                env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
                env.putIfAbsent("QUARKUS_HTTP_HOST", "127.0.0.1");
                ServerProcess process = ServerProcess.start(
                        name, jar.toString(), options, manifest.mainClass(), List.of(), dir, log, true, null, env);
                try {
                    process.awaitReady(() -> ready(port), readyTimeout);
                    return new PackagedService(
                            name, port, new ServerLifecycle(name, process, dir, false, true, false, stopGrace));
                } catch (IllegalStateException e) {
                    process.kill();
                    if (ServerLifecycle.lostPortRace(process)) {
                        lost = e;
                        continue;
                    }
                    System.err.println("textloom test-servers: " + name + " did not start: " + e.getMessage());
                    throw e;
                }
            }
            throw lost;
        }
    }

    /** Whether {@code /q/health/ready} answers 200 with status UP. */
    private static boolean ready(int port) {
        if (!FreePort.accepts(port)) {
            return false;
        }
        try {
            HttpURLConnection connection =
                    (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/q/health/ready").openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(5000);
            try {
                if (connection.getResponseCode() != 200) {
                    return false;
                }
                try (InputStream in = connection.getInputStream()) {
                    String body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
                    return body.replace(" ", "").contains("\"status\":\"UP\"");
                }
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** What {@code java -jar} would read from the runner jar's manifest. */
    private record Manifest(String mainClass, List<String> addOpens) {
        static Manifest of(Path jar) {
            try (JarFile file = new JarFile(jar.toFile())) {
                Attributes attributes = file.getManifest().getMainAttributes();
                String main = attributes.getValue(Attributes.Name.MAIN_CLASS);
                if (main == null) {
                    throw new IllegalStateException(jar + " has no Main-Class: not a Quarkus runner jar");
                }
                String opens = attributes.getValue("Add-Opens");
                return new Manifest(
                        main,
                        opens == null || opens.isBlank()
                                ? List.of()
                                : List.of(opens.trim().split("\\s+")));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the manifest of " + jar, e);
            }
        }
    }
}
