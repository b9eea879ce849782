package com.textloom.backup.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.textloom.backup.cli.CliContext;
import com.textloom.backup.cli.TextloomBackup;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The guide's {@code backup_manager.py} commands through {@code textloom-backup} (run in-process, as
 * {@code bin/textloom-backup} runs it) against the packaged manager: backup --wait, list, verify, restore
 * --dry-run and for real, delete, status, cleanup; the errors a user meets; the API key. Runs after
 * {@link ScheduledDailyBackupIT}; its last test damages the repository on purpose.
 */
@ExtendWith(E2eStackExtension.class)
@Order(3)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManagerCommandsIT {

    /** One run of the command line: exit code and what it printed. */
    record Run(int exit, String out, String err) {
        Map<String, Object> json() {
            return JsonHttp.parse(out, new TypeReference<>() {});
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Runs {@code textloom-backup args} with the environment a user of the manager's host has. */
    private static Run cli(E2eStack stack, Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = TextloomBackup.execute(
                    new CliContext(env, new ByteArrayInputStream(new byte[0]), o, e, false), args);
        }
        Run run = new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        assertFalse(
                run.out.contains(E2eStack.API_KEY) || run.err.contains(E2eStack.API_KEY),
                "the API key is printed: " + run);
        return run;
    }

    /** BACKUP_MANAGER_URL and BACKUP_API_KEY exactly as the manager's .env.backup has it ({@code e2e=<key>}). */
    private static Map<String, String> userEnv(E2eStack stack) {
        Map<String, String> env = new HashMap<>();
        env.put("BACKUP_MANAGER_URL", stack.manager.url());
        env.put("BACKUP_API_KEY", "e2e=" + E2eStack.API_KEY);
        return env;
    }

    @Test
    @Order(1)
    void backupListVerifyRestoreDeleteAsTheGuideDoes(E2eStack stack) throws Exception {
        Map<String, String> env = userEnv(stack);

        Run status = cli(stack, env, "status");
        assertEquals(0, status.exit, status.toString());
        assertTrue(status.out.contains("backup manager at " + stack.manager.url() + ": ok"), status.toString());

        Run backup = cli(stack, env, "backup", "--type", "full", "--components", "workspace,logs", "--wait", "--json");
        // the guide's spelling: components separated by spaces; the human report
        Run daily = cli(stack, env, "backup", "--type", "daily", "--components", "database", "redis", "--wait");
        assertEquals(0, daily.exit, daily.toString());
        assertTrue(daily.out.matches("(?s)backup \\d{8}_\\d{6}: success \\(daily, .*"), daily.toString());
        assertTrue(daily.out.lines().anyMatch(l -> l.matches("  database +success .*")), daily.toString());
        assertTrue(daily.out.lines().anyMatch(l -> l.matches("  redis +success .*")), daily.toString());
        assertTrue(
                daily.out.contains("copied to s3:" + stack.s3.endpoint() + "/" + stack.bucket + ": success"),
                daily.toString());
        assertEquals(0, backup.exit, backup.toString());
        Map<String, Object> done = backup.json();
        assertEquals("success", done.get("status"), backup.toString());
        String id = (String) done.get("backup_id");
        assertTrue(id.matches("\\d{8}_\\d{6}"), backup.toString());

        Run list = cli(stack, env, "list", "--type", "full");
        assertEquals(0, list.exit, list.toString());
        assertTrue(
                list.out
                        .lines()
                        .anyMatch(l -> l.startsWith(id)
                                && l.contains("full")
                                && l.contains("success")
                                && l.contains("workspace,logs")),
                list.toString());
        Run listJson = cli(stack, env, "list", "--component", "logs", "--json");
        List<Map<String, Object>> listed = JsonHttp.parse(listJson.out, new TypeReference<>() {});
        assertTrue(listed.stream().anyMatch(b -> id.equals(b.get("backup_id"))), listJson.toString());

        Run verify = cli(stack, env, "verify", "--backup-id", id, "--read-data");
        assertEquals(0, verify.exit, verify.toString());
        assertTrue(verify.out.startsWith("verify " + id + ": success (data read,"), verify.toString());

        Path target = stack.restoreRoot.resolve("cli-" + id);
        Run dry = cli(
                stack,
                env,
                "restore",
                "--backup-id",
                id,
                "--components",
                "workspace",
                "--target-dir",
                target.toString(),
                "--dry-run");
        assertEquals(0, dry.exit, dry.toString());
        assertTrue(dry.out.contains("dry run (nothing is written)"), dry.toString());
        assertTrue(
                dry.out.contains("  workspace: ")
                        && dry.out.contains(target.resolve("workspace").toString()),
                dry.toString());
        assertTrue(dry.out.contains("success (dry run: nothing written)"), dry.toString());
        assertFalse(Files.exists(target), "a dry run writes nothing");

        Run restore = cli(
                stack,
                env,
                "restore",
                "--backup-id",
                id,
                "--components",
                "workspace",
                "--target-dir",
                target.toString());
        assertEquals(0, restore.exit, restore.toString());
        assertTrue(
                restore.out.contains("workspace -> " + target.resolve("workspace") + ": success"), restore.toString());
        assertTrue(restore.out.contains(", equal"), restore.toString());
        assertEquals(List.of(), TreeComparison.differences(stack.app.workspace, target.resolve("workspace")));

        Run cleanup = cli(stack, env, "cleanup", "--dry-run");
        assertEquals(0, cleanup.exit, cleanup.toString());
        assertTrue(cleanup.out.startsWith("cleanup (dry run): success"), cleanup.toString());

        Run delete = cli(stack, env, "delete", "--backup-id", id);
        assertEquals(0, delete.exit, delete.toString());
        assertEquals("deleted backup " + id + "\n", delete.out);
        Run gone = cli(stack, env, "verify", "--backup-id", id);
        assertEquals(1, gone.exit, gone.toString());
        assertTrue(gone.err.contains("404") && gone.err.contains("no backup " + id), gone.toString());
    }

    @Test
    @Order(2)
    void errorsNameTheCauseAndTheApiKeyIsEnforced(E2eStack stack) throws Exception {
        Map<String, String> env = userEnv(stack);

        Run unknown = cli(
                stack,
                env,
                "restore",
                "--backup-id",
                "19990101_000000",
                "--target-dir",
                stack.restoreRoot.resolve("never").toString());
        assertEquals(1, unknown.exit, unknown.toString());
        assertTrue(
                unknown.err.startsWith(
                        "textloom-backup: the backup manager at " + stack.manager.url() + " answered 404"),
                unknown.toString());
        assertTrue(unknown.err.contains("no backup 19990101_000000"), unknown.toString());

        Run outside = cli(
                stack,
                env,
                "restore",
                "--backup-id",
                latestBackup(stack),
                "--components",
                "workspace",
                "--target-dir",
                "/etc/textloom");
        assertEquals(1, outside.exit, outside.toString());
        assertTrue(
                outside.err.contains("answered 400") && outside.err.contains("target_dir: /etc/textloom is outside"),
                outside.toString());

        Map<String, String> noKey = new HashMap<>(env);
        noKey.remove("BACKUP_API_KEY");
        Run refused = cli(stack, noKey, "backup", "--type", "full");
        assertEquals(1, refused.exit, refused.toString());
        assertTrue(
                refused.err.contains("answered 401") && refused.err.contains("set BACKUP_API_KEY"), refused.toString());
        Map<String, String> wrongKey = new HashMap<>(env);
        wrongKey.put("BACKUP_API_KEY", "not-the-key");
        Run wrong = cli(stack, wrongKey, "delete", "--backup-id", latestBackup(stack));
        assertEquals(1, wrong.exit, wrong.toString());
        assertTrue(wrong.err.contains("answered 401") && wrong.err.contains("was refused"), wrong.toString());
        Run readOnly = cli(stack, noKey, "list");
        assertEquals(0, readOnly.exit, "reading needs no key: " + readOnly);

        Run down = cli(stack, Map.of(), "list", "--url", "http://127.0.0.1:9");
        assertEquals(1, down.exit, down.toString());
        assertTrue(down.err.contains("cannot reach the backup manager at http://127.0.0.1:9"), down.toString());

        Run badType = cli(stack, env, "backup", "--type", "hourly");
        assertEquals(1, badType.exit, badType.toString());
        assertTrue(badType.err.contains("hourly"), badType.toString());
    }

    /**
     * {@code accept-new} (POST /api/repository/accept-new) is guarded: without the id of the repository to forget, or
     * {@code --force}, nothing is sent and the id to type is shown; a wrong id is the manager's 400, no key its 401.
     * Typed right, the manager accepts what its location holds: here the same, intact repository, so the id stays and
     * the backups remain.
     */
    @Test
    @Order(2)
    void acceptNewNeedsTheOldIdTypedOrForce(E2eStack stack) throws Exception {
        Map<String, String> env = userEnv(stack);
        @SuppressWarnings("unchecked")
        String id = (String) ((Map<String, Object>)
                        stack.managerApi().get("/api/status").map().get("repository_identity"))
                .get("id");
        int backups = stack.managerApi().get("/api/backups").list().size();

        Run unconfirmed = cli(stack, env, "accept-new");
        assertEquals(1, unconfirmed.exit, unconfirmed.toString());
        assertTrue(
                unconfirmed.err.contains("nothing was sent")
                        && unconfirmed.err.contains("--forget-repository-id " + id)
                        && unconfirmed.err.contains("--force"),
                unconfirmed.toString());
        Run wrong = cli(stack, env, "accept-new", "--forget-repository-id", "00000000");
        assertEquals(1, wrong.exit, wrong.toString());
        assertTrue(wrong.err.contains("answered 400") && wrong.err.contains("forget_repository_id"), wrong.toString());
        Map<String, String> noKey = new HashMap<>(env);
        noKey.remove("BACKUP_API_KEY");
        Run refused = cli(stack, noKey, "accept-new", "--forget-repository-id", id);
        assertEquals(1, refused.exit, refused.toString());
        assertTrue(refused.err.contains("answered 401"), refused.toString());

        Run accepted = cli(stack, env, "accept-new", "--forget-repository-id", id);
        assertEquals(0, accepted.exit, accepted.toString());
        assertTrue(
                accepted.out.startsWith("the manager now backs up into ")
                        && accepted.out.contains("(repository id " + id + ", ")
                        && accepted.out.contains("repository " + id + " is forgotten"),
                accepted.toString());
        Run forced = cli(stack, env, "accept-new", "--force", "--json");
        assertEquals(0, forced.exit, forced.toString());
        assertTrue(((String) forced.json().get("repository_id")).startsWith(id), forced.toString());
        assertEquals(
                backups, stack.managerApi().get("/api/backups").list().size(), "the same repository, accepted again");
    }

    /**
     * As the guide's user runs it: {@code bin/textloom-backup} (a JVM of its own, nothing of the suite in its
     * environment) in a directory holding only the manager's {@code .env.backup} plus {@code BACKUP_MANAGER_URL}.
     * The API key and the repository's location and key come from that file alone.
     */
    @Test
    @Order(3)
    void aUserWithOnlyDotEnvBackupRunsTheGuidesCommands(E2eStack stack) throws Exception {
        Path user = Files.createDirectories(stack.root.resolve("cli-user"));
        Path envFile = user.resolve(".env.backup");
        Files.copy(stack.manager.workDir().resolve(".env.backup"), envFile);
        Files.writeString(
                envFile, "BACKUP_MANAGER_URL=" + stack.manager.url() + "\n", java.nio.file.StandardOpenOption.APPEND);

        Run backup = cliProcess(user, "backup", "--type", "daily", "--components", "redis", "--wait");
        assertEquals(0, backup.exit, "the API key of .env.backup is sent: " + backup);
        assertTrue(backup.out.matches("(?s)backup \\d{8}_\\d{6}: success \\(daily, .*"), backup.toString());

        Run snapshots = cliProcess(user, "repo", "snapshots", "--json");
        assertEquals(0, snapshots.exit, "the repository and its key from .env.backup: " + snapshots);
        List<Map<String, Object>> listed = JsonHttp.parse(snapshots.out, new TypeReference<>() {});
        assertTrue(
                listed.stream().anyMatch(s -> components(s).stream().anyMatch(c -> "redis".equals(c.get("name")))),
                snapshots.toString());

        Files.delete(envFile);
        Files.writeString(envFile, "BACKUP_MANAGER_URL=" + stack.manager.url() + "\n");
        Run withoutKey = cliProcess(user, "backup", "--type", "daily", "--components", "redis");
        assertEquals(1, withoutKey.exit, withoutKey.toString());
        assertTrue(withoutKey.err.contains("answered 401"), "the same run without the key: " + withoutKey);
    }

    /**
     * Runs {@code textloom-backup args} in a JVM of its own, in {@code workDir}, with an environment that has
     * nothing of the suite (only PATH and HOME): what it knows comes from {@code workDir/.env.backup}.
     */
    private static Run cliProcess(Path workDir, String... args) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                classPath,
                TextloomBackup.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().retainAll(List.of("PATH", "HOME"));
        Path out = Files.createTempFile(workDir, "cli", ".out");
        Path err = Files.createTempFile(workDir, "cli", ".err");
        Process process =
                builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("textloom-backup " + String.join(" ", args) + " did not end in 5 minutes");
        }
        Run run = new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        assertFalse(
                run.out.contains(E2eStack.API_KEY) || run.err.contains(E2eStack.API_KEY),
                "the API key is printed: " + run);
        return run;
    }

    /** Last: flips bytes in a pack of the manager's repository; verify --read-data must exit 3 naming it. */
    @Test
    @Order(4)
    void verifyExitsThreeWhenTheRepositoryIsDamaged(E2eStack stack) throws Exception {
        Map<String, String> env = userEnv(stack);
        String id = latestBackup(stack);
        Path pack;
        try (Stream<Path> files = Files.walk(stack.repository.resolve("data"))) {
            pack = files.filter(Files::isRegularFile)
                    .max(Comparator.comparingLong(ManagerCommandsIT::size))
                    .orElseThrow();
        }
        try (RandomAccessFile file = new RandomAccessFile(pack.toFile(), "rw")) {
            long middle = file.length() / 2;
            file.seek(middle);
            int b = file.read();
            file.seek(middle);
            file.write(b ^ 0xff);
        }
        Run verify = cli(stack, env, "verify", "--backup-id", id, "--read-data");
        assertEquals(3, verify.exit, verify.toString());
        assertTrue(verify.out.contains("DAMAGED"), verify.toString());
        assertTrue(verify.out.contains(pack.getFileName().toString()), "names the pack: " + verify);
    }

    /** The newest backup holding the workspace (the daily one of {@link ScheduledDailyBackupIT}). */
    private static String latestBackup(E2eStack stack) {
        List<Map<String, Object>> all =
                stack.managerApi().get("/api/backups?component=workspace").list();
        assertFalse(all.isEmpty(), "the daily backup of ScheduledDailyBackupIT is there");
        return (String) all.get(0).get("backup_id");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> components(Map<String, Object> snapshot) {
        return (List<Map<String, Object>>) snapshot.get("components");
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
