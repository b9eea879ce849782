package com.textloom.backup.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.textloom.backup.testservers.PackagedService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A repository on a small tmpfs that fills up in the middle of backups (issue 11 item 1 through the manager): a
 * second packaged manager (no remote) keeps its repository on a {@code -Dreliability.tmpfs-mb} MiB tmpfs (default 6)
 * and backs up a workspace that does not fit. Each point: a backup that fills the disk must not be reported
 * successful unless it restores; then space is made (the tmpfs grown) and the next backup must succeed, restore byte
 * for byte and {@code repo verify --read-data} from a fresh CLI must be clean; then the tmpfs shrinks back (its files
 * stay). The world's manager is stopped meanwhile (both would consume the requests topic). Needs root for {@code mount}; skipped with the reason otherwise. {@code -Dreliability.disk-full=N} (default 2).
 */
@ExtendWith(FaultWorldExtension.class)
@Order(7)
class DiskFullIT {
    private static final int POINTS = Integer.getInteger("reliability.disk-full", 2);
    private static final int SIZE_MB = Integer.getInteger("reliability.tmpfs-mb", 6);

    @Test
    void aFullDiskNeverYieldsABackupThatDoesNotRestore(FaultWorld world) throws Exception {
        Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "mounting a tmpfs needs root; this test runs as " + System.getProperty("user.name"));
        long started = System.currentTimeMillis();
        Random random = Seeds.forScenario("disk-full");
        Path base = Files.createDirectories(world.root.resolve("disk-full"));
        Path mount = Files.createDirectories(base.resolve("tmpfs"));
        Path workspace = Files.createDirectories(base.resolve("workspace"));
        sh("mount", "-t", "tmpfs", "-o", "size=" + SIZE_MB + "m,mode=0700", "tmpfs", mount.toString());
        PackagedService manager = null;
        world.stopManager(); // one manager on the requests topic at a time: it would take this one's requests
        List<String> findings = new ArrayList<>();
        List<String> outcomes = new ArrayList<>();
        int survived = 0;
        int dataLost = 0;
        try {
            Map<String, String> env = new java.util.LinkedHashMap<>(world.managerEnv());
            env.keySet().removeIf(k -> k.startsWith("MINIO_"));
            env.put("BACKUP_LOCAL_DIR", mount.resolve("repo").toString());
            env.put("BACKUP_STATE_DIR", base.resolve("state").toString());
            env.put("TEXTLOOM_WORKSPACE_DIR", workspace.toString());
            manager = FaultWorld.startManager(base.resolve("backup-manager"), env);
            JsonHttp api = new JsonHttp(manager.url(), FaultWorld.API_KEY);
            Cli cli = world.cli();
            RepositoryChecks checks = new RepositoryChecks(cli);
            String repo = mount.resolve("repo").toString();
            for (int point = 1; point <= POINTS; point++) {
                List<String> problems = new ArrayList<>();
                // more new data than the disk has room for, in files of 256 KiB .. 1 MiB
                long free = Files.getFileStore(mount).getUsableSpace();
                long written = 0;
                for (int f = 0; written < free + 2L * 1024 * 1024; f++) {
                    byte[] bytes = new byte[256 * 1024 + random.nextInt(768 * 1024)];
                    random.nextBytes(bytes);
                    Files.write(workspace.resolve("p" + point + "-" + f + ".bin"), bytes);
                    written += bytes.length;
                }
                String digest = TreeDigest.of(workspace);
                JsonNode full = await(world, api, backup(api));
                String status = full == null ? "none" : full.path("status").asText();
                outcomes.add("full disk: " + status);
                if (full == null || FaultWorld.ACTIVE.contains(status)) {
                    problems.add("the backup on a full disk did not end: " + full);
                } else if (List.of("success", "partial").contains(status)) {
                    dataLost += restores(checks, repo, full, digest, world, problems) ? 0 : 1;
                }
                // make room, back up again
                sh("mount", "-o", "remount,size=" + (SIZE_MB + 64) + "m", mount.toString());
                JsonNode after = await(world, api, backup(api));
                String afterStatus =
                        after == null ? "none" : after.path("status").asText();
                outcomes.add("after space was freed: " + afterStatus);
                if (!"success".equals(afterStatus)) {
                    problems.add("the backup after space was freed ended " + after);
                } else if (!restores(checks, repo, after, digest, world, problems)) {
                    dataLost++;
                }
                Cli.Run verify = cli.verifyReadData(repo);
                if (verify.exit() != 0) {
                    problems.add("verify --read-data from a fresh CLI: " + verify);
                    dataLost++;
                }
                // the disk is full again for the next point: shrink it to what is used plus a little
                long used = Files.getFileStore(mount).getTotalSpace()
                        - Files.getFileStore(mount).getUsableSpace();
                sh("mount", "-o", "remount,size=" + (used / (1024 * 1024) + SIZE_MB) + "m", mount.toString());
                if (problems.isEmpty()) {
                    survived++;
                } else {
                    findings.add("point " + point + ": " + String.join("; ", problems));
                    System.out.println("reliability: FINDING disk full " + findings.get(findings.size() - 1));
                }
            }
        } finally {
            if (manager != null) {
                manager.close();
            }
            sh("umount", "-l", mount.toString());
            world.startManager();
        }
        Figures.record(
                "repository disk fills up mid-backup (tmpfs " + SIZE_MB + " MiB), then space freed",
                POINTS,
                survived,
                dataLost,
                System.currentTimeMillis() - started,
                "backup outcomes " + outcomes + "; findings: "
                        + (findings.isEmpty() ? "none" : String.join(" / ", findings)));
        assertEquals(0, dataLost, "data lost: " + findings);
        assertEquals(List.of(), findings);
    }

    private static String backup(JsonHttp api) {
        JsonHttp.Answer a = api.post("/api/backups", "{\"type\":\"full\",\"components\":[\"workspace\"]}");
        assertEquals(202, a.status(), "backup request: " + a);
        return a.json().path("operation_id").asText();
    }

    private static JsonNode await(FaultWorld world, JsonHttp api, String op) throws InterruptedException {
        return api.awaitEnd(op, Duration.ofSeconds(180));
    }

    private static boolean restores(
            RepositoryChecks checks, String repo, JsonNode op, String digest, FaultWorld world, List<String> problems) {
        String backupId = op.path("backup_id").asText();
        Optional<JsonNode> snap = checks.snapshotTagged(repo, "backup:" + backupId);
        if (snap.isEmpty()) {
            problems.add(
                    "backup " + backupId + " reported " + op.path("status").asText() + " but is not in the repository");
            return false;
        }
        String got = checks.restoredDigest(repo, snap.get().path("id").asText(), "workspace", world.root);
        if (!got.equals(digest)) {
            problems.add(
                    "backup " + backupId + " reported " + op.path("status").asText() + " does not restore: " + got);
            return false;
        }
        return true;
    }

    private static void sh(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
