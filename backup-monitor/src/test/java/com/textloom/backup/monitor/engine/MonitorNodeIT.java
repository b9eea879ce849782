package com.textloom.backup.monitor.engine;

import static com.textloom.backup.monitor.Eventually.await;
import static com.textloom.backup.monitor.kafka.TestEvents.backup;
import static com.textloom.backup.monitor.kafka.TestEvents.component;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.textloom.backup.events.DamagedBlob;
import com.textloom.backup.events.EventJson;
import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.VerifyCompleted;
import com.textloom.backup.monitor.Fixtures;
import com.textloom.backup.monitor.HttpReceiver;
import com.textloom.backup.monitor.config.MonitorSettings;
import com.textloom.backup.monitor.kafka.KafkaSettings;
import com.textloom.backup.monitor.kafka.TestEvents;
import com.textloom.backup.monitor.metrics.MetricsCalculator;
import com.textloom.backup.monitor.metrics.MetricsView;
import com.textloom.backup.monitor.notify.Notifier;
import com.textloom.backup.monitor.notify.WebhookChannel;
import com.textloom.backup.monitor.probe.ProbeSnapshot;
import com.textloom.backup.monitor.state.Alert;
import com.textloom.backup.testservers.KafkaBroker;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Monitor instances against the real Kafka broker (own JVM), notifying a real local HTTP webhook:
 * rules fire, dedup, re-notify and resolve on synthetic events; a restart keeps everything; two instances
 * notify once, and so do three (docker-compose.ha.yml's monitors) through two successive leader deaths.
 */
class MonitorNodeIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path backupDir;

    private final String bootstrap = KafkaBroker.shared().bootstrapServers();

    private static KafkaSettings kafka(String name) {
        String p = "it-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
        return new KafkaSettings(
                KafkaBroker.shared().bootstrapServers(),
                p + ".backup-events",
                p + ".alerts",
                p + ".recovery-events",
                p + ".leader",
                p + "-leader",
                Duration.ofDays(7).toMillis(),
                Duration.ofDays(93).toMillis());
    }

    private MonitorSettings settings(
            String node,
            Duration renotify,
            Map<String, Duration> rpo,
            Map<String, URI> services,
            Map<String, URI> backends,
            double diskWarning) {
        return new MonitorSettings(
                node,
                Duration.ofSeconds(1),
                renotify,
                7,
                rpo,
                backupDir,
                diskWarning,
                100,
                0.5,
                services,
                backends,
                Duration.ofSeconds(2),
                Map.of());
    }

    private MonitorSettings plain(String node, Duration renotify) {
        return settings(node, renotify, Map.of(), Map.of(), Map.of(), 100);
    }

    private static MonitorNode node(MonitorSettings s, KafkaSettings k, HttpReceiver hook) {
        Notifier notifier = new Notifier(
                List.of(new WebhookChannel(hook.url("/hook"), EventJson.mapper(), Duration.ofSeconds(5))),
                3,
                Duration.ofMillis(200),
                (c, ok) -> {});
        return new MonitorNode(s, k, notifier, Clock.systemUTC(), b -> {}, r -> {}).start();
    }

    /** Webhook deliveries of one kind ("raised", "reminder", "resolved") for one rule. */
    private static List<JsonNode> deliveries(HttpReceiver hook, String kind, String rule) {
        return hook.received().stream()
                .map(r -> {
                    try {
                        return EventJson.mapper().readTree(r.body());
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                })
                .filter(j -> j.get("event").asText().equals(kind)
                        && j.get("alert").get("rule").asText().equals(rule))
                .toList();
    }

    private static Optional<Alert> alert(MonitorNode node, String fingerprint) {
        return node.state().alerts().stream()
                .filter(a -> a.fingerprint().equals(fingerprint))
                .reduce((a, b) -> b);
    }

    @Test
    void aFailedBackupRaisesOneAlertReNotifiesUntilAcknowledgedAndResolvesOnTheNextSuccess() throws Exception {
        KafkaSettings k = kafka("lifecycle");
        try (HttpReceiver hook = new HttpReceiver();
                MonitorNode node = node(plain("n1", Duration.ofSeconds(2)), k, hook);
                TestEvents events = new TestEvents(bootstrap, k.backupEvents())) {
            await("leadership", WAIT, node::isLeader);
            events.publish(backup(Outcome.FAILED, Instant.now()));
            await(
                    "raised notification",
                    WAIT,
                    () -> deliveries(hook, "raised", "backup_failed").size() == 1);
            JsonNode raised = deliveries(hook, "raised", "backup_failed").get(0).get("alert");
            assertEquals("critical", raised.get("severity").asText());
            assertTrue(raised.get("message").asText().contains("pg_dump: connection refused"), raised.toString());

            events.publish(backup(Outcome.FAILED, Instant.now()));
            await(
                    "reminder",
                    WAIT,
                    () -> !deliveries(hook, "reminder", "backup_failed").isEmpty());
            assertEquals(1, node.state().alerts().size(), "the same condition raises one alert");
            assertEquals(1, deliveries(hook, "raised", "backup_failed").size());
            String id = raised.get("alert_id").asText();
            assertEquals(
                    id,
                    deliveries(hook, "reminder", "backup_failed")
                            .get(0)
                            .get("alert")
                            .get("alert_id")
                            .asText());

            node.acknowledge(id, "ops", "looking");
            int reminders = deliveries(hook, "reminder", "backup_failed").size();
            // the leader ran a rule pass after a reminder was due again (2 s re-notify), and delivered all it sent
            settled(node, Instant.now().plusMillis(2500));
            assertTrue(
                    deliveries(hook, "reminder", "backup_failed").size() <= reminders + 1,
                    "an acknowledged alert stops re-notifying (one reminder may have been in flight)");
            int after = deliveries(hook, "reminder", "backup_failed").size();
            settled(node, Instant.now().plusMillis(2500));
            assertEquals(after, deliveries(hook, "reminder", "backup_failed").size());

            events.publish(backup(Outcome.SUCCESS, Instant.now(), component("database", Outcome.SUCCESS, 1000)));
            await(
                    "resolved notification",
                    WAIT,
                    () -> deliveries(hook, "resolved", "backup_failed").size() == 1);
            assertEquals("resolved", node.state().alert(id).orElseThrow().status());
        }
    }

    @Test
    void everyOtherRuleFiresOnItsConditionAndResolvesWhenItClears() throws Exception {
        KafkaSettings k = kafka("rules");
        try (HttpReceiver hook = new HttpReceiver();
                HttpReceiver manager = new HttpReceiver()) {
            HttpReceiver minio = new HttpReceiver();
            int minioPort = minio.port();
            MonitorSettings s = settings(
                    "n1",
                    Duration.ofHours(1),
                    Map.of("redis", Duration.ofSeconds(4)),
                    Map.of("backup-manager", manager.url("/")),
                    Map.of("minio", minio.url("/")),
                    100);
            try (MonitorNode node = node(s, k, hook);
                    TestEvents events = new TestEvents(bootstrap, k.backupEvents())) {
                await("leadership", WAIT, node::isLeader);
                Instant t = Instant.now();
                events.publish(backup(
                        Outcome.SUCCESS,
                        t,
                        component("database", Outcome.SUCCESS, 10_000),
                        component("redis", Outcome.SUCCESS, 500)));
                events.publish(
                        backup(Outcome.SUCCESS, t.plusMillis(10), component("database", Outcome.SUCCESS, 1_000)));
                events.publish(new VerifyCompleted(
                        "v1",
                        "main",
                        null,
                        Outcome.FAILED,
                        true,
                        40,
                        4096,
                        List.of(new DamagedBlob("abc123", "data/ab/pack1", "authentication failed")),
                        List.of("20250820_120000"),
                        t,
                        t.plusMillis(20),
                        20,
                        null,
                        null));
                manager.healthStatus(503);
                minio.close();

                for (String fp : List.of(
                        "backup_suspicious:main/database",
                        "verify_damage:main",
                        "service_unhealthy:backup-manager",
                        "storage_unreachable:minio",
                        "rpo_exceeded:redis")) {
                    await(
                            "alert " + fp,
                            WAIT,
                            () -> alert(node, fp).filter(Alert::active).isPresent());
                }
                assertTrue(alert(node, "verify_damage:main")
                        .orElseThrow()
                        .message()
                        .contains("1 damaged blob(s)"));
                // an alert is active before its notification is delivered: count once none is in flight
                settled(node, Instant.now());
                assertEquals(
                        5,
                        deliveries(hook, "raised", "backup_suspicious").size()
                                + deliveries(hook, "raised", "verify_damage").size()
                                + deliveries(hook, "raised", "service_unhealthy")
                                        .size()
                                + deliveries(hook, "raised", "storage_unreachable")
                                        .size()
                                + deliveries(hook, "raised", "rpo_exceeded").size(),
                        "one notification per condition");

                Instant t2 = Instant.now();
                events.publish(backup(
                        Outcome.SUCCESS,
                        t2,
                        component("database", Outcome.SUCCESS, 9_000),
                        component("redis", Outcome.SUCCESS, 500)));
                events.publish(new VerifyCompleted(
                        "v2",
                        "main",
                        null,
                        Outcome.SUCCESS,
                        true,
                        40,
                        4096,
                        List.of(),
                        List.of(),
                        t2,
                        t2.plusMillis(20),
                        20,
                        null,
                        null));
                manager.healthStatus(200);
                try (HttpReceiver minioBack = new HttpReceiver(minioPort)) {
                    for (String rule : List.of(
                            "backup_suspicious",
                            "verify_damage",
                            "service_unhealthy",
                            "storage_unreachable",
                            "rpo_exceeded")) {
                        await(
                                "resolved " + rule,
                                WAIT,
                                () -> deliveries(hook, "resolved", rule).size() == 1);
                    }
                    assertTrue(
                            node.state().alerts().stream().noneMatch(Alert::active),
                            node.state().alerts().toString());
                }
            }
        }
    }

    /**
     * Issue 10: a protected part, a service or the manager's repository that comes back is seen within the recheck
     * interval, not a whole interval later (before: the next probe came a whole BACKUP_MONITOR_INTERVAL, 5 min by
     * default, after the one that found it down, so the critical alert stayed that long; seen failing).
     */
    @Test
    void whatComesBackIsSeenWithinTheRecheckIntervalNotAWholeInterval() throws Exception {
        KafkaSettings k = kafka("recheck");
        try (HttpReceiver hook = new HttpReceiver();
                HttpReceiver manager = new HttpReceiver();
                HttpReceiver dr = new HttpReceiver()) {
            dr.answer("/api/assess", "application/json", Fixtures.assessment("critical"));
            manager.answer("/q/health/well", "application/json", Fixtures.wellness("lost"), 503);
            MonitorSettings s = new MonitorSettings(
                            "n1",
                            Duration.ofMinutes(10),
                            Duration.ofHours(1),
                            7,
                            Map.of(),
                            backupDir,
                            100,
                            100,
                            0.5,
                            Map.of("backup-manager", manager.url("/")),
                            Map.of(),
                            Duration.ofSeconds(2),
                            Map.of(),
                            dr.url("/"))
                    .withRecheckInterval(Duration.ofSeconds(1));
            try (MonitorNode node = node(s, k, hook)) {
                await("leadership", WAIT, node::isLeader);
                for (String fp : List.of("protected_service_failed:redis", "repository_lost:backup-manager")) {
                    await(
                            "alert " + fp,
                            WAIT,
                            () -> alert(node, fp).filter(Alert::active).isPresent());
                }
                assertTrue(alert(node, "repository_lost:backup-manager")
                        .orElseThrow()
                        .message()
                        .contains("is gone"));
                assertEquals(
                        "critical",
                        alert(node, "repository_lost:backup-manager")
                                .orElseThrow()
                                .severity());

                dr.answer("/api/assess", "application/json", Fixtures.assessment("healthy"));
                manager.answer("/q/health/well", "application/json", Fixtures.wellness("ok"), 200);
                Instant back = Instant.now();
                for (String rule : List.of("protected_service_failed", "repository_lost")) {
                    await(
                            "resolved " + rule,
                            Duration.ofSeconds(10),
                            () -> deliveries(hook, "resolved", rule).size() == 1);
                }
                assertTrue(
                        Duration.between(back, Instant.now()).toSeconds() < 10, "seen within the recheck, not 10 min");
            }
        }
    }

    @Test
    void diskUsageOverTheThresholdRaisesAnAlertAboutTheBackupVolume() throws Exception {
        KafkaSettings k = kafka("disk");
        try (HttpReceiver hook = new HttpReceiver();
                MonitorNode node =
                        node(settings("n1", Duration.ofHours(1), Map.of(), Map.of(), Map.of(), 0.0), k, hook)) {
            await(
                    "disk alert",
                    WAIT,
                    () -> deliveries(hook, "raised", "disk_usage_high").size() == 1);
            assertTrue(alert(node, "disk_usage_high:" + backupDir)
                    .orElseThrow()
                    .message()
                    .contains(backupDir.toString()));
        }
    }

    @Test
    void aRestartedMonitorShowsTheSameAlertsAndHistory() throws Exception {
        KafkaSettings k = kafka("restart");
        List<Alert> before;
        MetricsView viewBefore;
        Instant at = Instant.now().plusSeconds(3600);
        ProbeSnapshot probes = ProbeSnapshot.none();
        try (HttpReceiver hook = new HttpReceiver();
                TestEvents events = new TestEvents(bootstrap, k.backupEvents())) {
            try (MonitorNode first = node(plain("first", Duration.ofHours(1)), k, hook)) {
                await("leadership", WAIT, first::isLeader);
                Instant t = Instant.now();
                events.publish(backup(
                        Outcome.SUCCESS, t.minus(Duration.ofDays(2)), component("database", Outcome.SUCCESS, 100)));
                events.publish(backup(
                        Outcome.SUCCESS, t.minus(Duration.ofDays(1)), component("database", Outcome.SUCCESS, 100)));
                events.publish(backup(Outcome.FAILED, t));
                events.publish(backup(
                        Outcome.PARTIAL,
                        t.plusMillis(5),
                        component("redis", Outcome.SUCCESS, 100),
                        component("logs", Outcome.FAILED, 0)));
                await("two alerts", WAIT, () -> first.state().alerts().size() == 2);
                first.acknowledge(
                        alert(first, "backup_failed:main/*").orElseThrow().alertId(), "ops", null);
                before = first.state().alerts();
                viewBefore = MetricsCalculator.compute(first.state(), probes, first.settings(), at);
            }
            try (MonitorNode second = node(plain("second", Duration.ofHours(1)), k, hook)) {
                await("replay", WAIT, second::caughtUp);
                assertEquals(before, second.state().alerts());
                assertEquals(viewBefore, MetricsCalculator.compute(second.state(), probes, second.settings(), at));
                assertEquals(
                        2,
                        viewBefore.days().stream()
                                .mapToLong(MetricsView.Day::successes)
                                .sum());
                await("leadership", WAIT, second::isLeader);
                settled(second, Instant.now());
                assertTrue(second.rulePasses() > 0, "the restarted monitor evaluated the rules as the leader");
                assertEquals(before.size(), second.state().alerts().size(), "nothing raised again after the restart");
                assertEquals(
                        2,
                        hook.received(r -> r.body().contains("\"event\":\"raised\""))
                                .size(),
                        "the restarted monitor sends no notification again");
            }
        }
    }

    @Test
    void twoInstancesSendOneNotificationPerAlertAndTheSurvivorTakesOverWithoutRepeating() throws Exception {
        KafkaSettings k = kafka("pair");
        try (HttpReceiver hookA = new HttpReceiver();
                HttpReceiver hookB = new HttpReceiver();
                TestEvents events = new TestEvents(bootstrap, k.backupEvents())) {
            MonitorNode a = node(plain("a", Duration.ofHours(1)), k, hookA);
            MonitorNode b = node(plain("b", Duration.ofHours(1)), k, hookB);
            try {
                await("one leader", WAIT, () -> a.isLeader() ^ b.isLeader());
                events.publish(backup(Outcome.FAILED, Instant.now()));
                events.publish(backup(
                        Outcome.PARTIAL,
                        Instant.now(),
                        component("redis", Outcome.SUCCESS, 100),
                        component("database", Outcome.FAILED, 0)));
                await(
                        "both replicas see two alerts",
                        WAIT,
                        () -> a.state().alerts().size() == 2
                                && b.state().alerts().size() == 2);
                MonitorNode first = a.isLeader() ? a : b;
                settled(first, Instant.now());
                await(
                        "the follower delivered all it sent",
                        WAIT,
                        () -> (first == a ? b : a).notificationsInFlight() == 0);
                assertEquals(0, (first == a ? b : a).rulePasses(), "the follower evaluates no rule");
                assertEquals(
                        2,
                        deliveries(hookA, "raised", "backup_failed").size()
                                + deliveries(hookB, "raised", "backup_failed").size(),
                        "one notification per alert in total");
                assertEquals(a.state().alerts(), b.state().alerts(), "replicas agree");

                MonitorNode leader = a.isLeader() ? a : b;
                MonitorNode survivor = leader == a ? b : a;
                HttpReceiver survivorHook = survivor == a ? hookA : hookB;
                leader.close();
                await("survivor leads", WAIT, survivor::isLeader);
                events.publish(backup(Outcome.SUCCESS, Instant.now(), component("database", Outcome.SUCCESS, 100)));
                await(
                        "both resolved",
                        WAIT,
                        () -> survivor.state().alerts().stream().noneMatch(Alert::active));
                await(
                        "resolved notifications",
                        WAIT,
                        () -> deliveries(survivorHook, "resolved", "backup_failed")
                                        .size()
                                == 2);
                settled(survivor, Instant.now());
                assertEquals(
                        2,
                        deliveries(hookA, "raised", "backup_failed").size()
                                + deliveries(hookB, "raised", "backup_failed").size(),
                        "the new leader did not notify again");
                assertEquals(
                        2,
                        deliveries(hookA, "resolved", "backup_failed").size()
                                + deliveries(hookB, "resolved", "backup_failed").size());
            } finally {
                a.close();
                b.close();
            }
        }
    }

    @Test
    void threeInstancesSendOneNotificationPerAlertThroughTwoLeaderDeaths() throws Exception {
        KafkaSettings k = kafka("trio");
        List<HttpReceiver> hooks = List.of(new HttpReceiver(), new HttpReceiver(), new HttpReceiver());
        try (TestEvents events = new TestEvents(bootstrap, k.backupEvents())) {
            List<MonitorNode> nodes = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                nodes.add(node(plain("n" + i, Duration.ofHours(1)), k, hooks.get(i)));
            }
            try {
                await(
                        "one leader of three",
                        WAIT,
                        () -> nodes.stream().filter(MonitorNode::isLeader).count() == 1);
                events.publish(backup(Outcome.FAILED, Instant.now()));
                await(
                        "every replica sees the alert",
                        WAIT,
                        () -> nodes.stream().allMatch(n -> n.state().alerts().size() == 1));
                settled(nodes, Instant.now());
                assertEquals(1, raised(hooks), "one notification for the alert from three replicas");
                for (int death = 1; death <= 2; death++) {
                    MonitorNode leader = nodes.stream()
                            .filter(MonitorNode::isLeader)
                            .findFirst()
                            .orElseThrow();
                    leader.close();
                    nodes.remove(leader);
                    await(
                            "a survivor leads after death " + death,
                            WAIT,
                            () -> nodes.stream().filter(MonitorNode::isLeader).count() == 1);
                    settled(nodes, Instant.now());
                    assertEquals(
                            1, raised(hooks), "the new leader did not notify the alert again (death " + death + ")");
                }
                events.publish(backup(
                        Outcome.PARTIAL,
                        Instant.now(),
                        component("redis", Outcome.SUCCESS, 100),
                        component("database", Outcome.FAILED, 0)));
                await("the last replica notifies the new alert", WAIT, () -> raised(hooks) == 2);
                settled(nodes, Instant.now());
                assertEquals(2, raised(hooks), "one notification per alert in total");
            } finally {
                nodes.forEach(MonitorNode::close);
            }
        } finally {
            hooks.forEach(HttpReceiver::close);
        }
    }

    /**
     * Waits for the positive signal that {@code node} had its chance: as the leader that replayed everything it ran a
     * rule pass that started after {@code after} (a full evaluation, or the re-notification check), and every
     * notification it handed to its channels was delivered. What it did not send by then it did not send.
     */
    private static void settled(MonitorNode node, Instant after) {
        await(
                "a rule pass of " + node.settings().node() + " after " + after,
                WAIT,
                () -> node.lastRulePass().isAfter(after));
        await(
                "the notifications of " + node.settings().node() + " delivered",
                WAIT,
                () -> node.notificationsInFlight() == 0);
    }

    /** {@link #settled(MonitorNode, Instant)} for the leader among {@code nodes}; the others ran no rule pass since. */
    private static void settled(List<MonitorNode> nodes, Instant after) {
        MonitorNode leader =
                nodes.stream().filter(MonitorNode::isLeader).findFirst().orElseThrow();
        java.util.Map<MonitorNode, Long> passes = new java.util.HashMap<>();
        nodes.stream().filter(n -> n != leader).forEach(n -> passes.put(n, n.rulePasses()));
        settled(leader, after);
        for (MonitorNode n : nodes) {
            await(
                    "the notifications of " + n.settings().node() + " delivered",
                    WAIT,
                    () -> n.notificationsInFlight() == 0);
        }
        passes.forEach(
                (n, p) -> assertEquals(p, n.rulePasses(), n.settings().node() + " ran rule passes while not leading"));
    }

    private static int raised(List<HttpReceiver> hooks) {
        return hooks.stream()
                .mapToInt(h -> deliveries(h, "raised", "backup_failed").size())
                .sum();
    }
}
