package com.textloom.backup.recovery.auto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.recovery.assess.Assessment;
import com.textloom.backup.recovery.run.RunReport;
import com.textloom.backup.recovery.scenario.Scenario;
import com.textloom.backup.support.leader.LeaderElection;
import com.textloom.backup.testservers.KafkaBroker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.junit.jupiter.api.Test;

/**
 * Two disaster-recovery replicas on the real broker (test-servers), each with its own leader election in one group
 * on a private leader topic, both fed the same failing assessments: exactly one decides and starts a recovery;
 * when that one stops, the other takes over and acts on the next failure. What each replica starts is recorded
 * (the engine's start stands in: the election is what is tested here; {@code AutoRecoveryIT} runs the real engine).
 */
class TwoReplicasIT {

    @Test
    void twoReplicasActOnceAndTheOtherTakesOverWhenTheLeaderStops() throws Exception {
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        String topic = "test.recovery.leader." + UUID.randomUUID();
        String group = "test-dr-leader-" + UUID.randomUUID();
        List<String> started = Collections.synchronizedList(new ArrayList<>());
        List<String> published = Collections.synchronizedList(new ArrayList<>());
        AutoRecoveryNode a = node("a", bootstrap, topic, group, started, published);
        AutoRecoveryNode b = node("b", bootstrap, topic, group, started, published);
        try {
            await(() -> a.isLeader() || b.isLeader(), "a leader");
            // both have joined: the group is stable with two members (the broker says so); then exactly one leads
            try (Admin admin = Admin.create(java.util.Map.of("bootstrap.servers", bootstrap))) {
                await(() -> stableWith(admin, group, 2), "the group stable with both replicas");
            }
            await(() -> a.isLeader() ^ b.isLeader(), "exactly one leader of the two");
            assertTrue(a.isLeader() ^ b.isLeader(), "exactly one leads: a " + a.isLeader() + ", b " + b.isLeader());
            Instant t = Instant.now();
            for (int i = 1; i <= 3; i++) {
                Assessment failing = failing(t.plusSeconds(i));
                a.feed(failing, "assessment", null);
                b.feed(failing, "assessment", null);
            }
            assertEquals(1, started.size(), "one recovery for the two replicas: " + started);
            AutoRecoveryNode leader = a.isLeader() ? a : b;
            AutoRecoveryNode other = leader == a ? b : a;
            assertTrue(started.get(0).startsWith(leader == a ? "a:" : "b:"), started.toString());
            assertTrue(published.stream().allMatch(p -> p.startsWith(leader == a ? "a:" : "b:")), published.toString());

            leader.close();
            await(other::isLeader, "the other replica to take over");
            Instant t2 = t.plusSeconds(100);
            other.feed(healthy(t2), "assessment", null);
            other.feed(failing(t2.plusSeconds(1)), "assessment", null);
            other.feed(failing(t2.plusSeconds(2)), "assessment", null);
            assertEquals(2, started.size(), started.toString());
            assertNotEquals(started.get(0).substring(0, 2), started.get(1).substring(0, 2), started.toString());
        } finally {
            a.close();
            b.close();
        }
    }

    private static AutoRecoveryNode node(
            String name, String bootstrap, String topic, String group, List<String> started, List<String> published) {
        AutoDecider decider = new AutoDecider(
                new AutoPolicy(EnumSet.of(Scenario.APPLICATION_FAILURE), 2, Duration.ZERO, 10, false),
                Clock.systemUTC(),
                "default",
                "dr-" + name);
        List<RunReport> none = List.of();
        return new AutoRecoveryNode(
                        new LeaderElection(
                                java.util.Map.of("bootstrap.servers", bootstrap),
                                topic,
                                group,
                                "dr-" + name,
                                "automatic recovery leader",
                                true,
                                c -> {},
                                () -> {}),
                        decider,
                        s -> none,
                        s -> {
                            started.add(name + ":" + s.id());
                            return "rec_" + name + "_" + started.size();
                        },
                        d -> published.add(name + ":" + d.decision()))
                .start();
    }

    private static Assessment failing(Instant at) {
        return new Assessment("critical", at, List.of(), List.of("restart the app"), List.of("application_failure"));
    }

    private static Assessment healthy(Instant at) {
        return new Assessment("healthy", at, List.of(), List.of(), List.of());
    }

    /** Whether {@code group} has {@code members} members and no rebalance under way. */
    private static boolean stableWith(Admin admin, String group, int members) {
        try {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group))
                    .describedGroups()
                    .get(group)
                    .get(10, TimeUnit.SECONDS);
            return d.groupState() == GroupState.STABLE && d.members().size() == members;
        } catch (Exception notYet) {
            return false;
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within 60 s");
            }
            Thread.sleep(200);
        }
    }
}
