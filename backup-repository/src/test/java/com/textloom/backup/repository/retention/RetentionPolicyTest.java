package com.textloom.backup.repository.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.repository.ComponentInfo;
import com.textloom.backup.repository.SnapshotInfo;
import com.textloom.backup.repository.SnapshotType;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    @Test
    void takesTheGuidesDefaultsFromTheEnvironment() {
        RetentionPolicy p = RetentionPolicy.fromEnvironment(Map.of());
        assertEquals(new RetentionPolicy(0, 7, 4, 12, ZoneOffset.UTC), p);

        RetentionPolicy q = RetentionPolicy.fromEnvironment(Map.of(
                "BACKUP_DAILY_RETENTION_DAYS",
                "3",
                "BACKUP_WEEKLY_RETENTION_WEEKS",
                "2",
                "BACKUP_MONTHLY_RETENTION_MONTHS",
                "6",
                "BACKUP_KEEP_LAST",
                "1",
                "BACKUP_RETENTION_TIMEZONE",
                "Asia/Shanghai"));
        assertEquals(new RetentionPolicy(1, 3, 2, 6, ZoneId.of("Asia/Shanghai")), q);
    }

    @Test
    void namesTheVariableWhenAValueIsBad() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> RetentionPolicy.fromEnvironment(Map.of("BACKUP_WEEKLY_RETENTION_WEEKS", "four")));
        assertTrue(e.getMessage().contains("BACKUP_WEEKLY_RETENTION_WEEKS"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> RetentionPolicy.fromEnvironment(Map.of("BACKUP_RETENTION_TIMEZONE", "Mars/Base")));
        assertTrue(e.getMessage().contains("BACKUP_RETENTION_TIMEZONE"), e.getMessage());
    }

    @Test
    void refusesAPolicyThatKeepsNothing() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new RetentionPolicy(0, 0, 0, 0, ZoneOffset.UTC));
        assertTrue(e.getMessage().contains("must keep something"), e.getMessage());
    }

    @Test
    void neverForgetsTheNewestSuccessfulSnapshotWhateverThePolicy() {
        Random rnd = new Random(42);
        for (int round = 0; round < 200; round++) {
            List<RetentionCandidate> list = new ArrayList<>();
            int n = 1 + rnd.nextInt(40);
            for (int i = 0; i < n; i++) {
                Instant t = Instant.parse("2024-01-01T00:00:00Z").plusSeconds(rnd.nextInt(400 * 86400));
                list.add(new RetentionCandidate("s" + i, t, Set.of(), rnd.nextInt(4) != 0));
            }
            RetentionPolicy p = new RetentionPolicy(
                    rnd.nextInt(3),
                    rnd.nextInt(3),
                    rnd.nextInt(3),
                    1 + rnd.nextInt(2),
                    ZoneId.of(rnd.nextBoolean() ? "UTC" : "America/New_York"));
            RetentionPlan plan = p.apply(list);
            String where = "round " + round + ": ";
            list.stream()
                    .filter(RetentionCandidate::successful)
                    .max(RetentionPlan.NEWEST_FIRST.reversed())
                    .ifPresent(newest -> assertTrue(plan.keep().contains(newest), where + plan));
            assertEquals(n, plan.keep().size() + plan.forget().size());
        }
    }

    @Test
    void dryRunListsEverySnapshotWithWhatHappensAndWhy() {
        RetentionPolicy p = new RetentionPolicy(0, 1, 0, 0, ZoneId.of("Asia/Shanghai"));
        RetentionPlan plan = p.apply(List.of(
                new RetentionCandidate("aaaaaaaa11", Instant.parse("2025-08-20T23:30:00Z"), Set.of("daily"), true),
                new RetentionCandidate("bbbbbbbb22", Instant.parse("2025-08-20T10:00:00Z"), Set.of(), true)));
        List<String> lines = plan.describe();
        assertEquals(2, lines.size());
        assertTrue(lines.get(0).startsWith("keep    aaaaaaaa  2025-08-21T07:30+08:00  daily 2025-08-21"), lines.get(0));
        assertTrue(lines.get(1).startsWith("forget  bbbbbbbb  2025-08-20T18:00+08:00  not kept by"), lines.get(1));
    }

    @Test
    void treatsASnapshotWithAFailedComponentAsUnsuccessful() {
        ComponentInfo ok = new ComponentInfo("workspace", ComponentInfo.Kind.TREE, 1, 1, 1, 1, 0, Map.of());
        ComponentInfo failed =
                new ComponentInfo("database", ComponentInfo.Kind.STREAM, 1, 0, 1, 1, 0, Map.of("status", "failed"));
        Instant t = Instant.parse("2025-08-20T10:00:00Z");
        assertTrue(RetentionCandidate.of(
                        new SnapshotInfo("a".repeat(64), t, SnapshotType.FULL, Set.of("daily"), null, "h", List.of(ok)))
                .successful());
        assertEquals(
                false,
                RetentionCandidate.of(new SnapshotInfo(
                                "b".repeat(64), t, SnapshotType.FULL, Set.of(), null, "h", List.of(ok, failed)))
                        .successful());
    }
}
