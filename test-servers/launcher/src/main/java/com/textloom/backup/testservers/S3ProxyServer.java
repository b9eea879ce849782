package com.textloom.backup.testservers;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * A real S3 API endpoint: S3Proxy ({@code org.gaul:s3proxy}) over a directory (jclouds {@code filesystem}
 * provider), running in its own JVM on 127.0.0.1, accepting AWS signatures V2 and V4 with
 * {@link #accessKey()} / {@link #secretKey()}. It stands in for MinIO (and OBS, with path-style V2
 * signing) in tests. Buckets start empty; the server's log is {@code s3proxy.log} in its data directory.
 *
 * <pre>{@code
 * S3ProxyServer s3 = S3ProxyServer.shared();          // one per test JVM, stopped at exit
 * MinioClient.builder().endpoint(s3.endpoint()).credentials(s3.accessKey(), s3.secretKey()).build();
 * }</pre>
 */
public final class S3ProxyServer extends RunningServer {

    /** Appended to the S3Proxy JVM's options; e.g. {@code -Dtextloom.s3proxy.jvm-options=-Xmx1g}. */
    public static final String JVM_OPTIONS_PROPERTY = "textloom.s3proxy.jvm-options";
    /** The access key of servers started for tests. */
    public static final String TEST_ACCESS_KEY = "textloom-test";

    private static S3ProxyServer shared;

    private final int port;
    private final String accessKey;
    private final String secretKey;

    private S3ProxyServer(int port, String accessKey, String secretKey, ServerLifecycle lifecycle) {
        super(lifecycle);
        this.port = port;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /**
     * Starts S3Proxy on a free port over a new private temporary directory, with access key
     * {@value #TEST_ACCESS_KEY} and a random secret key. It stops, and its directory is deleted, on
     * {@link #close()}, at JVM exit, or when this JVM is killed.
     */
    public static S3ProxyServer start() {
        return startTemporary(false);
    }

    /**
     * Starts S3Proxy on 127.0.0.1:{@code port} storing buckets under {@code dataDir/blobs}, which
     * {@link #close()} keeps. The server stops with this JVM.
     */
    public static S3ProxyServer start(int port, Path dataDir, String accessKey, String secretKey) {
        return launch(port, dataDir.toAbsolutePath(), accessKey, secretKey, false, true, false);
    }

    /**
     * The S3 endpoint of this JVM: started on first call, shared by every caller, stopped when the JVM exits
     * ({@link #close()} on it does nothing). Tests sharing it use their own bucket names.
     */
    public static synchronized S3ProxyServer shared() {
        if (shared == null || !shared.isAlive()) {
            shared = startTemporary(true);
        }
        return shared;
    }

    /** Starts S3Proxy so that it outlives this JVM (the local stack); {@code deploy/local/down} stops it by pid. */
    static S3ProxyServer startDetached(int port, Path dataDir, String accessKey, String secretKey) {
        return launch(port, dataDir.toAbsolutePath(), accessKey, secretKey, false, false, false);
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    private static S3ProxyServer startTemporary(boolean isShared) {
        byte[] secret = new byte[20];
        new SecureRandom().nextBytes(secret);
        String secretKey = HexFormat.of().formatHex(secret);
        return ServerLifecycle.startTemporary(
                "textloom-s3proxy-",
                dir -> launch(FreePort.find(), dir, TEST_ACCESS_KEY, secretKey, true, true, isShared));
    }

    private static S3ProxyServer launch(
            int port,
            Path dataDir,
            String accessKey,
            String secretKey,
            boolean temporary,
            boolean tiedToThisJvm,
            boolean isShared) {
        if (!temporary) {
            FreePort.requireFree(port, "S3Proxy");
        }
        String classpath = RuntimeClasspath.of("s3proxy-runtime");
        Directories.createPrivate(dataDir);
        Path blobs = Directories.createPrivate(dataDir.resolve("blobs"));
        Path properties = dataDir.resolve("s3proxy.properties");
        Directories.writePrivate(
                properties,
                String.join(
                        "\n",
                        "# written by com.textloom.backup.testservers.S3ProxyServer",
                        "s3proxy.endpoint=http://127.0.0.1:" + port,
                        "s3proxy.authorization=aws-v2-or-v4",
                        "s3proxy.identity=" + accessKey,
                        "s3proxy.credential=" + secretKey,
                        "jclouds.provider=filesystem",
                        "jclouds.filesystem.basedir=" + blobs,
                        "jclouds.identity=" + accessKey,
                        "jclouds.credential=" + secretKey,
                        ""));
        // without a configuration logback logs at DEBUG: Jetty then hex-dumps every request buffer,
        // which slows uploads to a few MB/s and writes hundreds of MB of log per test run
        Path logback = dataDir.resolve("logback.xml");
        Directories.writePrivate(
                logback,
                String.join(
                        "\n",
                        "<configuration>",
                        "  <appender name=\"OUT\" class=\"ch.qos.logback.core.ConsoleAppender\">",
                        "    <encoder><pattern>%d %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>",
                        "  </appender>",
                        "  <root level=\"INFO\"><appender-ref ref=\"OUT\"/></root>",
                        "</configuration>",
                        ""));
        List<String> jvmOptions = ServerLifecycle.jvmOptions(
                List.of(
                        "-Xms32m",
                        "-Xmx256m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-Xshare:auto",
                        "-Djava.awt.headless=true",
                        "-Djava.net.preferIPv4Stack=true",
                        "-Dlogback.configurationFile=" + logback),
                JVM_OPTIONS_PROPERTY);
        ServerLifecycle lifecycle = ServerLifecycle.start(
                "s3proxy",
                "S3Proxy",
                classpath,
                jvmOptions,
                "org.gaul.s3proxy.Main",
                List.of("--properties", properties.toString()),
                dataDir,
                dataDir.resolve("s3proxy.log"),
                process -> answersHttp(port),
                temporary,
                tiedToThisJvm,
                isShared,
                Duration.ofSeconds(15));
        return new S3ProxyServer(port, accessKey, secretKey, lifecycle);
    }

    /** Whether an HTTP server answers on the port (any status: an anonymous request is refused, that is fine). */
    private static boolean answersHttp(int port) {
        if (!FreePort.accepts(port)) {
            return false;
        }
        try {
            HttpURLConnection connection =
                    (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/").openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            try {
                return connection.getResponseCode() > 0;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }
}
