package com.textloom.backup.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code kill -9} of the break-glass command line ({@code textloom-backup repo ...}, its own JVM, the same repository
 * code as the manager's) at a seeded random moment of a backup, a copy to S3, a forget with prune, a prune (safety
 * margin 0, so leftovers of killed backups are deleted) and a restore. Cheaper than a manager restart (no Quarkus
 * start, no broker), so it carries most of the kill points. After each point: the dead process's lock leases are
 * counted and left for the repository's own dead-holder check (a dead exclusive lock must be gone after the
 * verify, and none may be left after the final prunes), {@code repo verify --read-data} of the local repository (and of the S3
 * copy after a copy) is clean, every snapshot restores byte for byte to what was backed up, and the next operation
 * of each kind runs. {@code -Dreliability.process-kills=N} (default 90).
 */
@ExtendWith(FaultWorldExtension.class)
@Order(2)
class RepositoryProcessKillIT {
    private static final int POINTS = Integer.getInteger("reliability.process-kills", 90);
    private static final List<String> KINDS = List.of("backup", "copy", "forget --prune", "prune", "restore");

    @Test
    void killNineDuringBackupCopyForgetPruneAndRestore(FaultWorld world) throws Exception {
        long started = System.currentTimeMillis();
        Random random = Seeds.forScenario("process-kill");
        Path workspace = Files.createDirectories(world.root.resolve("cli/workspace"));
        Path repo = world.root.resolve("cli/repo");
        String bucket = world.bucket + "-cli";
        Path remoteStore = world.s3.dataDir().resolve("blobs").resolve(bucket);
        Map<String, String> env = new HashMap<>(Map.of(
                "BACKUP_ENCRYPTION_KEY",
                world.encryptionKey,
                "MINIO_ENDPOINT",
                world.s3.endpoint(),
                "MINIO_ACCESS_KEY",
                world.s3.accessKey(),
                "MINIO_SECRET_KEY",
                world.s3.secretKey(),
                "MINIO_BUCKET",
                bucket,
                "BACKUP_PARALLEL_JOBS",
                "1"));
        Cli cli = new Cli(env);
        RepositoryChecks checks = new RepositoryChecks(cli);
        Cli.Run init = cli.run("repo", "init", "--repo", repo.toString());
        assertEquals(0, init.exit(), "init: " + init);
        Map<String, String> digestOfTag = new HashMap<>();
        List<String> findings = new ArrayList<>();
        Map<String, Integer> points = new TreeMap<>();
        int counter = 0;

        // warm-up, not killed: one of each, to size the delays
        Map<String, Long> duration = new LinkedHashMap<>();
        for (String kind : KINDS) {
            long t0 = System.nanoTime();
            ChildRun r = start(env, world, command(kind, repo, workspace, "w" + counter, random, digestOfTag, world));
            int exit = r.waitFor();
            duration.put(kind, Math.max(200, (System.nanoTime() - t0) / 1_000_000));
            assertEquals(0, exit, kind + " (warm-up) failed:\n" + r.output());
            counter++;
        }
        System.out.println("reliability: process-kill warm-up durations (ms) " + duration);

        int survived = 0;
        int dataLost = 0;
        int staleLocks = 0;
        int finishedBeforeKill = 0;
        for (int point = 1; point <= POINTS; point++) {
            String kind = KINDS.get(random.nextInt(KINDS.size()));
            long delay = (long) (random.nextDouble() * duration.get(kind));
            List<String> problems = new ArrayList<>();
            ChildRun r = start(env, world, command(kind, repo, workspace, "p" + point, random, digestOfTag, world));
            Thread.sleep(delay);
            boolean killed = r.kill9();
            if (!killed) {
                finishedBeforeKill++;
                if (r.exitValue() != 0) {
                    problems.add(kind + " failed on its own (exit " + r.exitValue() + "):\n" + r.output());
                }
            }
            points.merge(kind + (killed ? "" : " (ended first)"), 1, Integer::sum);
            // left in place: the next command must see that their holder is gone (finding 4)
            int locks = RepositoryChecks.locksOfGoneProcesses(repo).size()
                    + RepositoryChecks.locksOfGoneProcesses(remoteStore).size();
            staleLocks += locks > 0 ? 1 : 0;

            Cli.Run verify = cli.verifyReadData(repo.toString());
            if (verify.exit() != 0) {
                problems.add("verify --read-data: " + verify);
                dataLost++;
            }
            List<String> deadExclusive = RepositoryChecks.exclusiveLocksOfGoneProcesses(repo);
            if (!deadExclusive.isEmpty()) {
                problems.add("the killed process's exclusive lock outlived a verify: " + deadExclusive);
            }
            if (kind.equals("copy") && hasRemote(world, bucket)) {
                Cli.Run remote = cli.verifyReadData("minio");
                if (remote.exit() != 0) {
                    problems.add("verify --read-data of the S3 copy: " + remote);
                    dataLost++;
                }
            }
            for (JsonNode s : cli.snapshots(repo.toString())) {
                String tag = "";
                for (JsonNode t : s.path("tags")) {
                    tag = digestOfTag.containsKey(t.asText()) ? t.asText() : tag;
                }
                String expected = digestOfTag.get(tag);
                String got = checks.restoredDigest(repo.toString(), s.path("id").asText(), "workspace", world.root);
                if (!got.equals(expected)) {
                    problems.add("snapshot " + s.path("short_id").asText() + " (" + tag + ") does not restore: " + got);
                    dataLost++;
                }
            }
            if (problems.isEmpty()) {
                survived++;
            } else {
                findings.add("point " + point + " (" + kind + ", kill after " + delay + " ms): "
                        + String.join("; ", problems));
                System.out.println("reliability: FINDING " + findings.get(findings.size() - 1));
            }
        }
        // an exclusive lock on both repositories: no lock of a killed process may be left after it
        Cli.Run prune = cli.run("repo", "prune", "--repo", repo.toString(), "--safety-margin", "0");
        if (prune.exit() != 0) {
            findings.add("the final prune failed: " + prune);
        }
        if (hasRemote(world, bucket)) {
            Cli.Run remotePrune = cli.run("repo", "prune", "--repo", "minio", "--safety-margin", "0");
            if (remotePrune.exit() != 0) {
                findings.add("the final prune of the S3 copy failed: " + remotePrune);
            }
        }
        List<String> leftover = new ArrayList<>(RepositoryChecks.locksOfGoneProcesses(repo));
        leftover.addAll(RepositoryChecks.locksOfGoneProcesses(remoteStore));
        if (!leftover.isEmpty()) {
            findings.add("locks of killed processes left after the final prunes: " + leftover);
        }
        Figures.record(
                "kill -9 of the repository CLI (backup, copy to S3, forget+prune, prune, restore)",
                POINTS,
                survived,
                dataLost,
                System.currentTimeMillis() - started,
                "points " + points + "; " + finishedBeforeKill
                        + " ended before the kill (checked all the same); " + staleLocks
                        + " kills left a lock lease behind (none removed by the harness); findings: "
                        + (findings.isEmpty() ? "none" : String.join(" / ", findings)));
        assertEquals(0, dataLost, "data lost: " + findings);
        assertEquals(List.of(), findings);
    }

    private static boolean hasRemote(FaultWorld world, String bucket) {
        return Files.exists(world.s3.dataDir().resolve("blobs").resolve(bucket).resolve("config"));
    }

    /** The arguments of one operation; a backup first changes the workspace and records what it must restore to. */
    private static List<String> command(
            String kind,
            Path repo,
            Path workspace,
            String tag,
            Random random,
            Map<String, String> digestOfTag,
            FaultWorld world)
            throws Exception {
        String r = repo.toString();
        return switch (kind) {
            case "backup" -> {
                byte[] bytes = new byte[64 * 1024 + random.nextInt(512 * 1024)];
                random.nextBytes(bytes);
                Files.write(workspace.resolve(tag + ".bin"), bytes);
                if (random.nextBoolean()) {
                    try (var files = Files.list(workspace)) {
                        List<Path> all = files.sorted().toList();
                        if (all.size() > 4) {
                            Files.delete(all.get(random.nextInt(all.size() - 1)));
                        }
                    }
                }
                digestOfTag.put(tag, TreeDigest.of(workspace));
                yield List.of("repo", "backup", "--repo", r, "--type", "full", "--tag", tag, workspace.toString());
            }
            case "copy" -> List.of("repo", "copy", "--repo", r, "--to", "minio");
            case "forget --prune" -> List.of("repo", "forget", "--repo", r, "--keep-last", "3", "--prune");
            case "prune" -> List.of("repo", "prune", "--repo", r, "--safety-margin", "0");
            default -> {
                Path target = world.root.resolve("cli/restore-" + tag);
                yield List.of("repo", "restore", "--repo", r, "latest", "--target", target.toString());
            }
        };
    }

    /** The command line in a JVM of its own (this test's classpath), output to a file. */
    private static ChildRun start(Map<String, String> env, FaultWorld world, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "com.textloom.backup.cli.TextloomBackup"));
        command.addAll(args);
        Path log = Files.createTempFile(Files.createDirectories(world.root.resolve("cli")), "run-", ".log");
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("HOME", world.root.toString());
        pb.environment().putAll(env);
        pb.directory(world.root.resolve("cli").toFile());
        return new ChildRun(pb.start(), log);
    }

    record ChildRun(Process process, Path log) {
        int waitFor() throws InterruptedException {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        }

        /** SIGKILL unless it has ended already; true when it was killed. */
        boolean kill9() throws Exception {
            if (!process.isAlive()) {
                return false;
            }
            new ProcessBuilder("kill", "-9", Long.toString(process.pid()))
                    .start()
                    .waitFor();
            process.waitFor();
            return process.exitValue() == 137;
        }

        int exitValue() {
            return process.exitValue();
        }

        String output() throws java.io.IOException {
            return Files.readString(log);
        }
    }
}
