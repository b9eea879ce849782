package com.textloom.backup.support.leader;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.textloom.backup.testservers.KafkaBroker;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The leader's lease against a real broker: a leader cut off from the broker (its every connection goes through a
 * {@link com.textloom.backup.testservers.TcpGate} that the test cuts) learns nothing from its Kafka client until it
 * reaches the broker again, yet its lease runs out before another member is elected. Without the lease the cut-off
 * leader still says {@link LeaderElection#isLeader()} after the other one has been elected: that is the split brain
 * the lease exists for.
 */
class LeaderLeaseIT {
    private static KafkaBroker broker;

    @BeforeAll
    static void start() {
        broker = KafkaBroker.startWithGatedListener();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void aLeaderCutOffFromTheBrokerLosesItsLeaseBeforeAnotherIsElected() throws Exception {
        String topic = "leader-lease-" + UUID.randomUUID();
        String group = topic + "-group";
        AtomicLong bElectedAt = new AtomicLong();
        try (LeaderElection a = new LeaderElection(
                        Map.of("bootstrap.servers", broker.gatedBootstrapServers()),
                        topic,
                        group,
                        "a",
                        "lease test leader",
                        true,
                        c -> {},
                        () -> {})
                .start()) {
            await("a elected with a lease", Duration.ofSeconds(60), a::holdsLease);
            try (LeaderElection b = new LeaderElection(
                            Map.of("bootstrap.servers", broker.bootstrapServers()),
                            topic,
                            group,
                            "b",
                            "lease test leader",
                            true,
                            c -> bElectedAt.set(System.nanoTime()),
                            () -> {})
                    .start()) {
                // b has joined and stays a follower while a renews its lease
                Thread.sleep(LeaderElection.SESSION.toMillis() / 2);
                assertTrue(a.holdsLease(), "a live leader keeps renewing its lease");
                assertFalse(b.isLeader(), "a joining member does not take the leadership from a live leader");

                long cut = System.nanoTime();
                broker.gate().cut();
                await("a's lease ends", LeaderElection.SESSION, () -> !a.holdsLease());
                long leaseEnded = System.nanoTime();
                assertTrue(a.leaseExpired(), "a still believes it leads, but knows its lease is over");
                // the time b's election callback ran (isLeader() turns true a moment before it)
                await("b elected", LeaderElection.SESSION.multipliedBy(4), () -> bElectedAt.get() != 0);

                assertTrue(
                        a.isLeader(), "the cut-off client has not learned of the loss: without the lease, two leaders");
                long margin = bElectedAt.get() - leaseEnded;
                System.out.printf(
                        "MEASURED lease: ended %d ms after the cut, b elected %d ms after the lease ended%n",
                        (leaseEnded - cut) / 1_000_000, margin / 1_000_000);
                assertTrue(margin > 0, "the lease ended before b was elected");
                broker.gate().restore();
                await(
                        "a learns it was deposed once it reaches the broker",
                        Duration.ofSeconds(60),
                        () -> !a.isLeader());
            }
        } finally {
            broker.gate().restore();
        }
    }

    private static void await(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail(what + ": not within " + within.toSeconds() + " s");
            }
            Thread.sleep(20);
        }
    }
}
