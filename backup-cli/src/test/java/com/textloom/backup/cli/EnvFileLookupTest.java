package com.textloom.backup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.textloom.backup.repository.KeySource;
import com.textloom.backup.repository.TestTrees;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line reads {@code .env.backup} as the services do: each variable from the
 * environment, else from {@code .env.backup} in the working directory or the file named by
 * {@code BACKUP_ENV_FILE}; a bad value exits 1 naming the variable and the file, never a secret.
 * (Against the packaged manager, with the API key in the file only: {@code ManagerCommandsIT} in
 * e2e-tests.)
 */
class EnvFileLookupTest {
    @TempDir
    Path dir;

    final CliRunner cli = new CliRunner();
    Path envFile;

    @BeforeEach
    void setUp() {
        cli.workingDir = dir;
        envFile = dir.resolve(".env.backup").toAbsolutePath();
    }

    @Test
    void repoCommandsTakeTheRepositoryAndTheKeyFromTheFile() throws Exception {
        Path src = dir.resolve("workspace");
        Trees.generate(src, 3);
        Path repo = dir.resolve("backups");
        String key = KeySource.generateKey();
        write(
                envFile,
                "# as copied from .env.backup.example and edited\n"
                        + "BACKUP_LOCAL_DIR=" + repo + "       # the manager's repository\n"
                        + "BACKUP_ENCRYPTION_KEY=" + key + "\n"
                        + "BACKUP_PARALLEL_JOBS=2\n");

        ok("repo", "init");
        ok("repo", "backup", "--tag", "daily", src.toString());
        CliRunner.Result list = ok("repo", "snapshots");
        assertTrue(list.out().contains("daily") && list.out().contains("workspace"), list.toString());
        assertTrue(Files.isDirectory(repo.resolve("snapshots")), "the repository is BACKUP_LOCAL_DIR");
        Path target = dir.resolve("restored");
        ok("repo", "restore", "latest", "--target", target.toString());
        TestTrees.assertSameTree(src, target, java.util.List.of());
        assertNotPrinted(key, list, ok("repo", "key", "list"));

        // the environment wins over the file: another key there is the wrong key
        cli.env.put("BACKUP_ENCRYPTION_KEY", KeySource.generateKey());
        CliRunner.Result wrong = cli.run("repo", "snapshots");
        assertEquals(1, wrong.exit(), wrong.toString());
        assertTrue(wrong.stderr().contains("wrong key"), wrong.toString());
        cli.env.remove("BACKUP_ENCRYPTION_KEY");

        // BACKUP_ENV_FILE names another file: the repository and key written there are used
        Path other = Files.createDirectories(dir.resolve("etc")).resolve("backup.env");
        write(other, "BACKUP_REPOSITORY=" + dir.resolve("other-repo") + "\nBACKUP_ENCRYPTION_KEY=" + key + "\n");
        cli.env.put("BACKUP_ENV_FILE", "etc/backup.env");
        ok("repo", "init");
        assertTrue(Files.isRegularFile(dir.resolve("other-repo/config")), "created where it says");
        assertEquals(
                0,
                new ObjectMapper()
                        .readTree(ok("repo", "snapshots", "--json").stdout())
                        .size(),
                "the new, empty repository");
    }

    @Test
    void managerCommandsTakeTheUrlFromTheFileAndTheEnvironmentWins() throws Exception {
        int fromFile = closedPort();
        int fromEnv = closedPort();
        write(envFile, "BACKUP_MANAGER_URL=http://127.0.0.1:" + fromFile + "\n" + "BACKUP_API_KEY=ops=file-s3cr3t\n");
        CliRunner.Result file = cli.run("status");
        assertEquals(1, file.exit(), file.toString());
        assertTrue(
                file.stderr()
                        .startsWith("textloom-backup: cannot reach the backup manager at" + " http://127.0.0.1:"
                                + fromFile),
                file.toString());

        cli.env.put("BACKUP_MANAGER_URL", "http://127.0.0.1:" + fromEnv);
        CliRunner.Result env = cli.run("backup", "--type", "daily");
        assertEquals(1, env.exit(), env.toString());
        assertTrue(env.stderr().contains("at http://127.0.0.1:" + fromEnv), env.toString());
        assertNotPrinted("file-s3cr3t", file, env);
    }

    @Test
    void noFileIsFine() {
        CliRunner.Result r = cli.run("repo", "snapshots");
        assertEquals(1, r.exit(), r.toString());
        assertEquals(
                "textloom-backup: no repository given: pass --repo URI or set BACKUP_REPOSITORY"
                        + " (or BACKUP_LOCAL_DIR), in the environment or .env.backup\n",
                r.stderr());
    }

    @Test
    void aBadValueInTheFileExitsOneNamingTheVariableAndTheFile() throws Exception {
        write(
                envFile,
                "BACKUP_API_KEY=bad name=s3cr3t-key\nBACKUP_MANAGER_URL=localhost:8080\n"
                        + "BACKUP_REPOSITORY=" + dir.resolve("r") + "\nBACKUP_ENCRYPTION_KEY=" + KeySource.generateKey()
                        + "\nBACKUP_COMPRESSION_LEVEL=lots\n");
        CliRunner.Result url = cli.run("list");
        assertEquals(1, url.exit(), url.toString());
        assertEquals(
                "textloom-backup: BACKUP_MANAGER_URL=localhost:8080: not an http(s) URL (from " + envFile + ")\n",
                url.stderr());

        cli.env.put("BACKUP_MANAGER_URL", "http://127.0.0.1:9");
        CliRunner.Result key = cli.run("status");
        assertEquals(1, key.exit(), key.toString());
        assertEquals(
                "textloom-backup: BACKUP_API_KEY=<hidden>: key name 'bad name' is not letters,"
                        + " digits, . _ - @ (from " + envFile + ")\n",
                key.stderr());
        assertNotPrinted("s3cr3t", key);

        // checked by the repository library, not by a rule: its message, and the file named
        CliRunner.Result level = cli.run("repo", "init");
        assertEquals(1, level.exit(), level.toString());
        assertTrue(
                level.stderr().contains("BACKUP_COMPRESSION_LEVEL is not a number: 'lots' (from " + envFile + ")"),
                level.toString());
    }

    @Test
    void aBrokenFileStillLetsHelpRunAndFailsACommandNamingFileAndLine() throws Exception {
        write(envFile, "BACKUP_LOCAL_DIR=/srv/backups\nthis is not a setting\n");
        assertEquals(0, cli.run("--help").exit());
        assertEquals(0, cli.run("repo", "snapshots", "--help").exit());
        CliRunner.Result r = cli.run("repo", "snapshots");
        assertEquals(1, r.exit(), r.toString());
        assertEquals("textloom-backup: " + envFile + ":2: not NAME=value\n", r.stderr());
    }

    /**
     * A misspelt variable is not silently ignored by the command line either: it warns, as the
     * services do at start-up, naming where it is set and the variable probably meant, and runs.
     */
    @Test
    void aMisspeltVariableIsReportedWithTheNameMeantAndTheCommandRuns() throws Exception {
        write(envFile, "BACKUP_LOCAL_DIR=" + dir.resolve("backups") + "\nBACKUP_DAILY_RETENTON_DAYS=3\n");
        cli.env.put("MINIO_SECUR", "true");
        cli.env.put("BACKUP_ENV_FILE", envFile.toString());
        cli.env.put("TEXTLOOM_BACKUP_HEAP", "1g");
        cli.env.put("PATH", "/usr/bin");
        CliRunner.Result r = cli.run("--help");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(
                "textloom-backup: warning: BACKUP_DAILY_RETENTON_DAYS (set in " + envFile
                        + ") is not a variable of the suite and is ignored; did you mean BACKUP_DAILY_RETENTION_DAYS?\n"
                        + "textloom-backup: warning: MINIO_SECUR (set in the environment) is not a variable of the"
                        + " suite and is ignored; did you mean MINIO_SECURE?\n",
                r.stderr());
    }

    private CliRunner.Result ok(String... args) {
        CliRunner.Result r = cli.run(args);
        assertEquals(0, r.exit(), r.toString());
        return r;
    }

    private static void assertNotPrinted(String secret, CliRunner.Result... runs) {
        for (CliRunner.Result r : runs) {
            assertFalse(r.out().contains(secret) || r.stderr().contains(secret), "printed: " + r);
        }
    }

    private static void write(Path file, String text) throws Exception {
        Files.writeString(file, text);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
