package com.textloom.backup.manager.outbox;

import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.VerifyCompleted;
import com.textloom.backup.manager.testing.ManagerWorld;
import com.textloom.backup.testservers.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A manager on a broker of its own (so the test can stop it and start it again on the same port with the same
 * data), with a small database of its own (table {@code notes}, which the test locks to hold a backup;
 * {@link ManagerWorld}), and an outbox that a previous process left with one event not yet acknowledged
 * ({@link #PENDING_REQUEST}). Events are given up by the producer after {@link #DELIVERY_TIMEOUT_MS} (the
 * connector's default is 120 s).
 */
public class OutboxWorld implements QuarkusTestResourceLifecycleManager {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    static final String EVENTS = "it.outbox.events." + SUFFIX;
    static final String API_KEY = "outbox-key-" + SUFFIX;
    static final String PENDING_REQUEST = "pending-verify-" + SUFFIX;
    static final String DATABASE = "mgr_outbox_" + SUFFIX;
    static final long DELIVERY_TIMEOUT_MS = 8000;
    static Path root;
    static int port;
    static Path brokerData;
    static volatile KafkaBroker broker;

    @Override
    public Map<String, String> start() {
        try {
            root = Path.of("target", "outbox-it-" + SUFFIX).toAbsolutePath();
            ManagerWorld.create(DATABASE, root);
            // what a previous process left: a completion the broker never acknowledged
            Outbox.open(root.resolve("state/outbox"), 10)
                    .add(new VerifyCompleted(
                            PENDING_REQUEST,
                            "default",
                            null,
                            Outcome.SUCCESS,
                            false,
                            0,
                            0,
                            List.of(),
                            List.of(),
                            Instant.now(),
                            Instant.now(),
                            0,
                            null,
                            null));
            port = freePortPair();
            brokerData = root.resolve("kafka");
            broker = startBroker();
            Map<String, String> c =
                    ManagerWorld.config("outbox", SUFFIX, root, DATABASE, broker.bootstrapServers(), API_KEY);
            c.put("mp.messaging.outgoing.events.delivery.timeout.ms", Long.toString(DELIVERY_TIMEOUT_MS));
            c.put("mp.messaging.outgoing.events.request.timeout.ms", Long.toString(DELIVERY_TIMEOUT_MS / 2));
            return c;
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the outbox world: " + e, e);
        }
    }

    /**
     * Starts the world's broker on {@link #port} with its data in {@link #brokerData} (again after a stop: same
     * port, same data); a start that is not ready in time on a busy machine is tried again, three times at most.
     */
    static KafkaBroker startBroker() {
        // a broker of its own starts from nothing; on a machine busy with other builds that takes more than 60 s
        System.setProperty(KafkaBroker.START_TIMEOUT_PROPERTY, "240");
        IllegalStateException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return KafkaBroker.start(port, brokerData);
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    /** A free port whose next port is free too (the broker's controller listens there). */
    private static int freePortPair() throws IOException {
        for (int i = 0; i < 50; i++) {
            try (ServerSocket s = new ServerSocket(0)) {
                int p = s.getLocalPort();
                try (ServerSocket next = new ServerSocket(p + 1)) {
                    return p;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no two free ports in a row");
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
        ManagerWorld.drop(DATABASE);
    }
}
