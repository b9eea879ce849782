package com.textloom.backup.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.textloom.backup.events.BackupCompleted;
import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.events.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code kill -9} of the packaged manager at a seeded random moment of a backup (whose end is the copy to the S3
 * remote), a restore or a retention (forget, then prune here and on the remote); then the manager is started again
 * on the same state and repository, and after each point:
 * <ul>
 *   <li>the killed request is not lost: its operation ends (a backup runs again and ends {@code success}, or
 *       {@code duplicate} when it had committed; a restore or retention ends, possibly {@code interrupted});</li>
 *   <li>a backup is never in the repository twice (one snapshot per {@code backup:<id>} tag) and has at most one
 *       successful BackupCompleted;</li>
 *   <li>{@code repo verify --read-data} of the local repository is clean (and of the S3 remote every 10 points and
 *       at the end);</li>
 *   <li>every backup reported successful restores byte for byte to the workspace as it was when requested;</li>
 *   <li>the killed manager's lock files are left where they are: its exclusive lock is gone after the restart and a
 *       verify, and after a final retention no lock of a killed manager is left here or on the remote (the
 *       repository's own dead-holder check, RELIABILITY.md finding 4).</li>
 * </ul>
 * {@code -Dreliability.kills=N} sets the number of points (default 10: each costs a manager start; RepositoryProcessKillIT carries the other 90 of the 100 kill points).
 */
@ExtendWith(FaultWorldExtension.class)
@Order(1)
class ManagerKillIT {
    private static final int POINTS = Integer.getInteger("reliability.kills", 10);
    private static final Duration SETTLE = Duration.ofSeconds(90);

    private final Map<String, String> digestOfBackup = new HashMap<>();
    private final Map<String, String> backupOfRequest = new LinkedHashMap<>();
    private final List<String> findings = new ArrayList<>();
    private final Map<String, Integer> phases = new TreeMap<>();
    private String lastGoodBackup;

    @Test
    void killNineDuringBackupRestoreRetentionPruneAndCopy(FaultWorld world) throws Exception {
        long started = System.currentTimeMillis();
        Random random = Seeds.forScenario("manager-kill");
        RepositoryChecks checks = new RepositoryChecks(world.cli());
        String local = world.repository.toString();

        // warm-up, not killed: how long each kind takes here, so the kills land inside the work
        Map<String, Long> duration = new HashMap<>();
        duration.put("backup", timed(world, () -> backup(world, random)));
        duration.put("restore", timed(world, () -> restore(world, 0)));
        duration.put("retention", timed(world, () -> retention(world)));
        System.out.println("reliability: manager-kill warm-up durations (ms) " + duration);
        assertTrue(lastGoodBackup != null, "the warm-up backup did not succeed: " + world.managerTail());

        int survived = 0;
        int dataLost = 0;
        long restartMillis = 0;
        for (int point = 1; point <= POINTS; point++) {
            int dice = random.nextInt(10);
            String kind = dice < 5 ? "backup" : dice < 7 ? "restore" : "retention";
            long delay = (long) (random.nextDouble() * 1.2 * duration.get(kind));
            List<String> problems = new ArrayList<>();
            int before = cliSnapshotCount(world, local);

            String op = switch (kind) {
                case "backup" -> backup(world, random);
                case "restore" -> restore(world, point);
                default -> retention(world);
            };
            Thread.sleep(delay);
            world.killManager();

            String phase = phase(world, checks, kind, op, before);
            phases.merge(phase, 1, Integer::sum);
            // left in place: the restarted manager and the CLI must see that their holder is gone (finding 4)
            List<String> locks = new ArrayList<>(RepositoryChecks.locksOfGoneProcesses(world.repository));
            locks.addAll(RepositoryChecks.locksOfGoneProcesses(world.remoteStoreDir()));
            if (!locks.isEmpty()) {
                phases.merge("left a lock of the killed manager", 1, Integer::sum);
            }

            long t0 = System.nanoTime();
            world.startManager();
            restartMillis += (System.nanoTime() - t0) / 1_000_000;

            JsonNode end = op == null ? null : world.awaitOperation(op, SETTLE);
            String status = end == null ? "lost" : end.path("status").asText();
            if (op != null && (end == null || FaultWorld.ACTIVE.contains(status))) {
                problems.add(kind + " request " + op + " lost: " + (end == null ? "no operation" : status));
            }
            if (op != null
                    && kind.equals("backup")
                    && !List.of("success", "duplicate").contains(status)) {
                problems.add("backup " + op + " ended " + status + ": " + end);
            }
            if (op != null && !kind.equals("backup") && status.equals("failed")) {
                problems.add(kind + " " + op + " failed after the restart: "
                        + end.path("error").asText());
            }
            Cli.Run verify = world.cli().verifyReadData(local);
            if (verify.exit() != 0) {
                problems.add("verify --read-data of the local repository: " + verify);
                dataLost++;
            }
            List<String> deadExclusive = RepositoryChecks.exclusiveLocksOfGoneProcesses(world.repository);
            if (!deadExclusive.isEmpty()) {
                problems.add("the killed manager's exclusive lock outlived the restart and a verify: " + deadExclusive);
            }
            if (point % 10 == 0) {
                Cli.Run remote = world.cli().verifyReadData("minio");
                if (remote.exit() != 0) {
                    problems.add("verify --read-data of the S3 remote: " + remote);
                    dataLost++;
                }
            }
            if (kind.equals("backup")
                    && op != null
                    && List.of("success", "duplicate").contains(status)) {
                String backupId = backupOfRequest.get(op);
                Optional<JsonNode> snap = checks.snapshotTagged(local, "backup:" + backupId);
                if (snap.isEmpty()) {
                    problems.add("backup " + backupId + " reported " + status + " but is not in the repository");
                    dataLost++;
                } else {
                    String got =
                            checks.restoredDigest(local, snap.get().path("id").asText(), "workspace", world.root);
                    if (!got.equals(digestOfBackup.get(backupId))) {
                        problems.add("backup " + backupId + " reported " + status + " does not restore: " + got);
                        dataLost++;
                    } else {
                        lastGoodBackup = backupId;
                    }
                }
            }
            if (problems.isEmpty()) {
                survived++;
            } else {
                findings.add("point " + point + " (" + kind + ", killed after " + delay + " ms, phase " + phase + "): "
                        + String.join("; ", problems));
                System.out.println("reliability: FINDING " + findings.get(findings.size() - 1));
            }
            if (lastGoodBackup == null
                    || checks.snapshotTagged(local, "backup:" + lastGoodBackup).isEmpty()) {
                lastGoodBackup = newestBackup(world, local);
            }
        }

        // run twice: at most one successful BackupCompleted per request, one snapshot per backup id
        Map<String, Integer> successes = new HashMap<>();
        for (SuiteEvent e : EventLog.events(world.bootstrapServers(), Topics.BACKUP_EVENTS)) {
            if (e instanceof BackupCompleted c && c.status() == Outcome.SUCCESS) {
                successes.merge(c.requestId(), 1, Integer::sum);
            }
        }
        successes.forEach((request, n) -> {
            if (n > 1) {
                findings.add("request " + request + " completed successfully " + n + " times");
            }
        });
        for (String backupId : backupOfRequest.values()) {
            checks.snapshotTagged(local, "backup:" + backupId); // throws when a backup is there twice
        }
        // an exclusive lock here and on the remote (retention prunes both): no lock of a killed manager may be left
        JsonNode last = world.awaitOperation(retention(world), SETTLE);
        if (last == null || !last.path("status").asText().equals("success")) {
            findings.add("the final retention did not succeed: " + last);
        }
        List<String> leftover = new ArrayList<>(RepositoryChecks.locksOfGoneProcesses(world.repository));
        leftover.addAll(RepositoryChecks.locksOfGoneProcesses(world.remoteStoreDir()));
        if (!leftover.isEmpty()) {
            findings.add("locks of killed managers left after the final retention: " + leftover);
        }
        Cli.Run remote = world.cli().verifyReadData("minio");
        if (remote.exit() != 0) {
            findings.add("final verify --read-data of the S3 remote: " + remote);
            dataLost++;
        }
        Figures.record(
                "kill -9 of the manager (backup+copy, restore, retention+prune)",
                POINTS,
                survived,
                dataLost,
                System.currentTimeMillis() - started,
                "phases at the kill " + phases + "; mean restart "
                        + (restartMillis / Math.max(1, POINTS)) + " ms; findings: "
                        + (findings.isEmpty() ? "none" : String.join(" / ", findings)));
        assertEquals(0, dataLost, "data lost: " + findings);
        assertEquals(List.of(), findings);
    }

    /** Changes the workspace, requests a full backup of it and remembers what it must restore to. */
    private String backup(FaultWorld world, Random random) throws IOException {
        world.changeWorkspace(random);
        String digest = TreeDigest.of(world.workspace);
        JsonHttp.Answer a = world.api().post("/api/backups", "{\"type\":\"full\",\"components\":[\"workspace\"]}");
        assertEquals(202, a.status(), "backup request: " + a);
        String op = a.json().path("operation_id").asText();
        String backupId = a.json().path("backup_id").asText();
        digestOfBackup.put(backupId, digest);
        backupOfRequest.put(op, backupId);
        return op;
    }

    private String restore(FaultWorld world, int point) {
        if (lastGoodBackup == null) {
            return null;
        }
        Path target = world.restoreRoot.resolve("r" + point);
        RepositoryChecks.deleteTree(target);
        JsonHttp.Answer a = world.api()
                .post(
                        "/api/backups/" + lastGoodBackup + "/restore",
                        "{\"components\":[\"workspace\"],\"target_dir\":\"" + target + "\"}");
        assertEquals(202, a.status(), "restore request: " + a);
        return a.json().path("operation_id").asText();
    }

    private String retention(FaultWorld world) {
        JsonHttp.Answer a =
                world.api().post("/api/retention", "{\"keep_daily\":2,\"keep_weekly\":0,\"keep_monthly\":0}");
        assertEquals(202, a.status(), "retention request: " + a);
        return a.json().path("operation_id").asText();
    }

    interface Step {
        String run() throws Exception;
    }

    private long timed(FaultWorld world, Step step) throws Exception {
        long t0 = System.nanoTime();
        String op = step.run();
        JsonNode end = world.awaitOperation(op, SETTLE);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String status = end == null ? "none" : end.path("status").asText();
        assertEquals("success", status, "warm-up operation " + op + ": " + end);
        String backupId = backupOfRequest.get(op);
        if (backupId != null) {
            lastGoodBackup = backupId;
        }
        return Math.max(300, ms);
    }

    /** Where the kill landed, read from the repositories before the manager is back. */
    private String phase(FaultWorld world, RepositoryChecks checks, String kind, String op, int snapshotsBefore) {
        if (op == null) {
            return "restore with nothing to restore";
        }
        return switch (kind) {
            case "backup" -> {
                String backupId = backupOfRequest.get(op);
                if (checks.snapshotTagged(world.repository.toString(), "backup:" + backupId)
                        .isEmpty()) {
                    yield "backup before its snapshot";
                }
                yield checks.snapshotTagged("minio", "backup:" + backupId).isEmpty()
                        ? "copy to S3"
                        : "backup after copy";
            }
            case "retention" ->
                cliSnapshotCount(world, world.repository.toString()) < snapshotsBefore
                        ? "prune (after forget)"
                        : "retention before forget";
            default -> "restore";
        };
    }

    private static int cliSnapshotCount(FaultWorld world, String repo) {
        return world.cli().snapshots(repo).size();
    }

    /** The newest backup in the repository this test requested (so its content is known), or null. */
    private String newestBackup(FaultWorld world, String local) {
        String newest = null;
        for (JsonNode s : world.cli().snapshots(local)) {
            for (JsonNode t : s.path("tags")) {
                String tag = t.asText();
                if (tag.startsWith("backup:") && digestOfBackup.containsKey(tag.substring(7))) {
                    newest = tag.substring(7);
                }
            }
        }
        return newest;
    }
}
