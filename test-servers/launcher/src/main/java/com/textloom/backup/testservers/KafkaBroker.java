package com.textloom.backup.testservers;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) from the
 * {@code org.apache.kafka:kafka_2.13} jars, running in its own JVM on 127.0.0.1.
 *
 * <p>Topics are created on first use ({@code auto.create.topics.enable=true}, 3 partitions, replication
 * factor 1); consumer groups start without the initial rebalance delay. The broker's log is
 * {@code broker.log} in its data directory.
 *
 * <pre>{@code
 * KafkaBroker broker = KafkaBroker.shared();          // one per test JVM, stopped at exit
 * props.put("bootstrap.servers", broker.bootstrapServers());
 * }</pre>
 */
public final class KafkaBroker extends RunningServer {

    /** How many seconds a broker may take to start (default 60); e.g. {@code -Dtextloom.server.start-timeout-seconds=240}. */
    public static final String START_TIMEOUT_PROPERTY = ServerLifecycle.START_TIMEOUT_PROPERTY;

    /** Appended to the broker JVM's options; e.g. {@code -Dtextloom.kafka.jvm-options=-Xmx1g}. */
    public static final String JVM_OPTIONS_PROPERTY = "textloom.kafka.jvm-options";

    private static final String READY_LINE = "Kafka Server started";
    private static KafkaBroker shared;

    private final int port;
    private final int saslPort;
    private volatile TcpGate gate;

    private KafkaBroker(int port, int saslPort, ServerLifecycle lifecycle) {
        super(lifecycle);
        this.port = port;
        this.saslPort = saslPort;
    }

    /**
     * Starts a broker like {@link #start()} with, beside its PLAINTEXT listener, a {@code SASL_PLAINTEXT} listener
     * ({@link #saslBootstrapServers()}) that lets in {@code user} with {@code password} over SASL/PLAIN and refuses
     * anyone else ({@code SaslAuthenticationException: Authentication failed}). No ACLs: a user that logs in may do
     * anything.
     */
    public static KafkaBroker startWithSaslPlain(String user, String password) {
        if (!user.matches("[A-Za-z0-9_-]+") || password.contains("\"") || password.contains("\\")) {
            throw new IllegalArgumentException("user must be [A-Za-z0-9_-]+, password without quote or backslash");
        }
        int port = FreePort.find();
        int controllerPort = FreePort.find();
        int saslPort = FreePort.find();
        return ServerLifecycle.startTemporary(
                "textloom-kafka-sasl-",
                dir -> launch(
                        port,
                        controllerPort,
                        saslPort,
                        saslProperties(port, controllerPort, saslPort, user, password),
                        dir,
                        true,
                        true,
                        false));
    }

    /**
     * Starts a broker like {@link #start()} with a second PLAINTEXT listener that clients reach only through a
     * {@link TcpGate} ({@link #gatedBootstrapServers()}, {@link #gate()}): the broker advertises the gate's address on
     * that listener, so a client bootstrapped there makes every connection (the group coordinator's too) through the
     * gate. {@link TcpGate#cut()} then cuts that client off from the broker while the clients of
     * {@link #bootstrapServers()} still reach it: a network partition of one member. The gate closes with the broker.
     */
    public static KafkaBroker startWithGatedListener() {
        int port = FreePort.find();
        int controllerPort = FreePort.find();
        int gatedPort = FreePort.find();
        TcpGate gate = new TcpGate(gatedPort);
        KafkaBroker broker = ServerLifecycle.startTemporary(
                "textloom-kafka-gated-",
                dir -> launch(
                        port,
                        controllerPort,
                        0,
                        gatedProperties(port, controllerPort, gatedPort, gate.port()),
                        dir,
                        true,
                        true,
                        false));
        broker.gate = gate;
        return broker;
    }

    /**
     * Starts a broker on free ports with its data in a new private temporary directory. It stops, and its
     * directory is deleted, on {@link #close()}, at JVM exit, or when this JVM is killed.
     */
    public static KafkaBroker start() {
        return ServerLifecycle.startTemporary(
                "textloom-kafka-", dir -> launch(FreePort.find(), FreePort.find(), 0, "", dir, true, true, false));
    }

    /**
     * Starts a broker on 127.0.0.1:{@code port} (its controller on {@code port + 1}) keeping its data in
     * {@code dataDir}, which is formatted on first use and kept by {@link #close()}. The broker stops with
     * this JVM.
     */
    public static KafkaBroker start(int port, Path dataDir) {
        return launch(port, port + 1, 0, "", dataDir.toAbsolutePath(), false, true, false);
    }

    /**
     * The broker of this JVM: started on first call, shared by every caller, stopped when the JVM exits
     * ({@link #close()} on it does nothing).
     */
    public static synchronized KafkaBroker shared() {
        if (shared == null || !shared.isAlive()) {
            shared = ServerLifecycle.startTemporary(
                    "textloom-kafka-", dir -> launch(FreePort.find(), FreePort.find(), 0, "", dir, true, true, true));
        }
        return shared;
    }

    /** Starts a broker that outlives this JVM (the local stack); {@code deploy/local/down} stops it by pid. */
    static KafkaBroker startDetached(int port, int controllerPort, Path dataDir) {
        return launch(port, controllerPort, 0, "", dataDir.toAbsolutePath(), false, false, false);
    }

    /** {@code 127.0.0.1:PORT}, the value of {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /**
     * {@code 127.0.0.1:PORT} of the SASL_PLAINTEXT listener of a broker started by {@link #startWithSaslPlain}.
     *
     * @throws IllegalStateException when this broker has none
     */
    public String saslBootstrapServers() {
        if (saslPort == 0) {
            throw new IllegalStateException("this broker has no SASL listener (start it with startWithSaslPlain)");
        }
        return "127.0.0.1:" + saslPort;
    }

    /**
     * {@code 127.0.0.1:PORT} of the gate in front of the gated listener of a broker started by
     * {@link #startWithGatedListener()}.
     *
     * @throws IllegalStateException when this broker has none
     */
    public String gatedBootstrapServers() {
        return "127.0.0.1:" + gate().port();
    }

    /**
     * The gate of a broker started by {@link #startWithGatedListener()}.
     *
     * @throws IllegalStateException when this broker has none
     */
    public TcpGate gate() {
        if (gate == null) {
            throw new IllegalStateException("this broker has no gated listener (start it with startWithGatedListener)");
        }
        return gate;
    }

    @Override
    public void close() {
        super.close();
        if (gate != null) {
            gate.close();
        }
    }

    /**
     * @param listenerProperties more lines of {@code server.properties} after the PLAINTEXT-only ones (later lines
     *                           win): the listeners of a SASL or gated broker, else empty
     */
    private static KafkaBroker launch(
            int port,
            int controllerPort,
            int saslPort,
            String listenerProperties,
            Path dataDir,
            boolean temporary,
            boolean tiedToThisJvm,
            boolean isShared) {
        if (!temporary) {
            FreePort.requireFree(port, "Kafka broker");
            FreePort.requireFree(controllerPort, "Kafka controller");
        }
        String classpath = RuntimeClasspath.of("kafka-runtime");
        Directories.createPrivate(dataDir);
        Path properties = dataDir.resolve("server.properties");
        Directories.writePrivate(
                properties, serverProperties(port, controllerPort, dataDir.resolve("kraft-logs")) + listenerProperties);
        Path log4j = dataDir.resolve("log4j2.properties");
        Directories.writePrivate(log4j, LOG4J2_PROPERTIES);
        List<String> jvmOptions = ServerLifecycle.jvmOptions(
                List.of(
                        "-Xms64m",
                        "-Xmx384m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-Xshare:auto",
                        "-Djava.awt.headless=true",
                        "-Djava.net.preferIPv4Stack=true",
                        "-Dlog4j2.configurationFile=" + log4j),
                JVM_OPTIONS_PROPERTY);

        ServerLifecycle lifecycle = ServerLifecycle.start(
                "kafka",
                "the Kafka broker",
                classpath,
                jvmOptions,
                KafkaMain.class.getName(),
                List.of(properties.toString(), dataDir.resolve("kraft-logs").toString(), newClusterId()),
                dataDir,
                dataDir.resolve("broker.log"),
                process -> process.logContains(READY_LINE) && FreePort.accepts(port),
                temporary,
                tiedToThisJvm,
                isShared,
                Duration.ofSeconds(30));
        return new KafkaBroker(port, saslPort, lifecycle);
    }

    private static String serverProperties(int port, int controllerPort, Path logDirs) {
        return String.join(
                "\n",
                "# written by com.textloom.backup.testservers.KafkaBroker",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + logDirs,
                "num.partitions=3",
                "default.replication.factor=1",
                "min.insync.replicas=1",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=10",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=10",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "num.network.threads=2",
                "num.io.threads=4",
                "log.retention.hours=168",
                "");
    }

    /**
     * The listeners of a broker with a SASL_PLAINTEXT one beside PLAINTEXT (which stays the inter-broker listener).
     * Later lines of the file win over the PLAINTEXT-only ones above.
     */
    private static String saslProperties(int port, int controllerPort, int saslPort, String user, String password) {
        return String.join(
                "\n",
                "# SASL_PLAINTEXT listener with SASL/PLAIN, one user",
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort
                        + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort,
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                "sasl.enabled.mechanisms=PLAIN",
                "listener.name.sasl_plaintext.sasl.enabled.mechanisms=PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config="
                        + "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " user_" + user + "=\"" + password + "\";",
                "");
    }

    /**
     * The listeners of a broker with a second PLAINTEXT listener {@code GATED} on {@code gatedPort}, advertised at the
     * gate's port {@code gatePort} (PLAINTEXT stays the inter-broker listener).
     */
    private static String gatedProperties(int port, int controllerPort, int gatedPort, int gatePort) {
        return String.join(
                "\n",
                "# GATED listener, advertised at the TcpGate in front of it",
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",GATED://127.0.0.1:" + gatedPort
                        + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port + ",GATED://127.0.0.1:" + gatePort,
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,GATED:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "");
    }

    /** A Kafka cluster id: 16 random bytes, URL-safe base64 without padding, not starting with '-'. */
    private static String newClusterId() {
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[16];
        String id;
        do {
            random.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (id.startsWith("-"));
        return id;
    }

    private static final String LOG4J2_PROPERTIES = String.join(
            "\n",
            "status = warn",
            "appender.out.type = Console",
            "appender.out.name = STDOUT",
            "appender.out.layout.type = PatternLayout",
            "appender.out.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.out.ref = STDOUT",
            "logger.state.name = state.change.logger",
            "logger.state.level = WARN",
            "logger.coordinator.name = org.apache.kafka.coordinator",
            "logger.coordinator.level = INFO",
            "");
}
