package com.textloom.backup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code assess}, {@code recover} and {@code drill} over HTTP against {@link DrContractServer}, a
 * server answering as the disaster-recovery contract says (the real service is built in parallel;
 * the end-to-end run against it belongs in e2e-tests): what is sent, what is printed as a run
 * progresses over several polls, the exit codes, and the errors (400, 401, 409, connection refused).
 */
class RecoveryCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "dr-s3cr3t-key";

    final CliRunner cli = new CliRunner();
    DrContractServer dr;

    @BeforeEach
    void start() throws Exception {
        dr = new DrContractServer();
        cli.env.put("BACKUP_DR_URL", dr.url());
        cli.env.put("BACKUP_API_KEY", "ops=" + KEY);
        dr.requiredKey = KEY;
    }

    @AfterEach
    void stop() {
        dr.close();
    }

    @Test
    void everyRecoveryCommandExplainsItsOptionsScenariosAndExitCodes() {
        for (String c : new String[] {"assess", "recover", "drill"}) {
            CliRunner.Result r = cli.run(c, "--help");
            assertEquals(0, r.exit(), c + ": " + r);
            assertTrue(r.out().startsWith("Usage: textloom-backup " + c), r.out());
            assertTrue(
                    r.out().contains("--url=URL")
                            && r.out().contains("BACKUP_DR_URL")
                            && r.out().contains("http://localhost:8083")
                            && r.out().contains("--json"),
                    r.out());
            assertTrue(r.out().contains("Exit codes:"), r.out());
        }
        String recover = cli.run("recover", "--help").out();
        for (String option : List.of(
                "--scenario=SCENARIO",
                "--dry-run",
                "--backup-id=ID",
                "--source=SOURCE",
                "--force",
                "--timeout=SECONDS")) {
            assertTrue(recover.contains(option), option + " in " + recover);
        }
        assertTrue(
                recover.contains("database_failure     RPO 1 h     RTO 30 min")
                        && recover.contains("redis_failure        RPO 15 min  RTO 10 min")
                        && recover.contains("application_failure  RPO 0       RTO 5 min")
                        && recover.contains("storage_failure      RPO 2 h     RTO 1 h")
                        && recover.contains("full_disaster        RPO 4 h     RTO 2 h"),
                recover);
        assertTrue(recover.contains("2   bad usage"), recover);
        String drill = cli.run("drill", "--help").out();
        assertTrue(
                drill.contains("--keep")
                        && drill.contains("--scenario=SCENARIO")
                        && drill.contains("full_disaster        RPO 4 h"),
                drill);
        String assess = cli.run("assess", "--help").out();
        assertTrue(
                assess.contains("3   critical")
                        && assess.contains("--fresh")
                        && assess.contains("application_failure  RPO 0       RTO 5 min"),
                assess);
        String top = cli.run("--help").out();
        assertTrue(
                top.contains("disaster_recovery.py")
                        && top.contains("  assess  ")
                        && top.contains("  recover  ")
                        && top.contains("  drill  "),
                top);
    }

    @Test
    void assessPrintsATableAndExitsThreeWhenCritical() throws Exception {
        dr.assessment = (ObjectNode) JSON.readTree("""
        {"overall_status":"critical","assessed_at":"2025-08-20T09:15:00Z",
         "services":[
           {"name":"postgresql","status":"critical","detail":"database textloom: 3 tables missing since backup 20250820_020000",
            "latency_ms":12,"checked_at":"2025-08-20T09:15:00Z","facts":{"tables_missing":3}},
           {"name":"redis","status":"healthy","detail":"PONG, master, 1.2 MiB of 256 MiB","latency_ms":3,
            "checked_at":"2025-08-20T09:15:00Z","facts":{}},
           {"name":"application","status":"skipped","detail":"TEXTLOOM_APP_HEALTH_URL is not set","latency_ms":0,
            "checked_at":"2025-08-20T09:15:00Z"}],
         "recommendations":["Restore the database: textloom-backup recover --scenario database_failure"],
         "failures":["database_failure"]}""");
        CliRunner.Result r = cli.run("assess");
        assertEquals(3, r.exit(), r.toString());
        String out = r.out();
        assertTrue(out.startsWith("overall: CRITICAL  (assessed 2025-08-20T09:15:00Z)\n"), out);
        assertTrue(out.contains("  postgresql   critical      12 ms  database textloom: 3 tables missing"), out);
        assertTrue(out.contains("  redis        healthy        3 ms  PONG, master"), out);
        assertTrue(out.contains("  application  skipped        0 ms  TEXTLOOM_APP_HEALTH_URL is not set"), out);
        assertTrue(
                out.contains("needs recovering:\n  database_failure: see the plan with 'textloom-backup"
                        + " recover --scenario database_failure --dry-run'"),
                out);
        assertTrue(out.contains("recommendations:\n  - Restore the database"), out);
        assertEquals(null, dr.requests.get(0).query(), "the newest periodic assessment by default");

        CliRunner.Result json = cli.run("assess", "--json", "--fresh");
        assertEquals(3, json.exit(), json.toString());
        assertEquals(dr.assessment, JSON.readTree(json.stdout()), "--json prints the guide's JSON as served");
        assertEquals("fresh=true", dr.requests.get(1).query());

        dr.assessment.put("overall_status", "healthy");
        CliRunner.Result healthy = cli.run("assess");
        assertEquals(0, healthy.exit(), healthy.toString());
        assertTrue(healthy.out().startsWith("overall: healthy"), healthy.out());
        dr.assessment.put("overall_status", "degraded");
        assertEquals(0, cli.run("assess").exit(), "degraded is not critical");
    }

    @Test
    void recoverPrintsEachStepAsItsStatusChangesOverSeveralPollsAndExitsZero() throws Exception {
        dr.recovery = new DrContractServer.Script(
                List.of(
                        new DrContractServer.Step("detect", "success", "postgresql critical: 3 tables missing", null),
                        new DrContractServer.Step(
                                "restore_database", "success", "restored 20250820_020000: 12 tables equal", null),
                        new DrContractServer.Step(
                                "restart_database",
                                "success",
                                "BACKUP_DR_POSTGRES_RESTART_COMMAND exit 0",
                                "stopping postgresql\nstarted postgresql 15")),
                "success",
                JSON.createObjectNode().put("rto_met", true));
        CliRunner.Result r = cli.run(
                "recover",
                "--scenario",
                "database_failure",
                "--backup-id",
                "20250820_020000",
                "--source",
                "minio",
                "--force");
        assertEquals(0, r.exit(), r.toString());

        DrContractServer.Request post = dr.requests.get(0);
        assertEquals("POST /api/recoveries", post.method() + " " + post.path());
        assertEquals(JSON.readTree("""
        {"scenario":"database_failure","dry_run":false,"backup_id":"20250820_020000","source":"minio",
         "force":true}"""), post.body());
        assertEquals(KEY, post.apiKey(), "the key of BACKUP_API_KEY's name=key form is sent");
        long polls = dr.requests.stream()
                .filter(q -> q.path().equals("/api/recoveries/recovery-1"))
                .count();
        assertEquals(4, polls, "followed until it ended, one GET per state: " + dr.requests);

        assertEquals("""
        recovery recovery-1: database_failure (RPO target 1 h, RTO target 30 min)
          [1/3] detect                 running             postgresql critical: 3 tables missing
          [1/3] detect                 success      1.5 s  postgresql critical: 3 tables missing
          [2/3] restore_database       running             restored 20250820_020000: 12 tables equal
          [2/3] restore_database       success      3.0 s  restored 20250820_020000: 12 tables equal
          [3/3] restart_database       running             BACKUP_DR_POSTGRES_RESTART_COMMAND exit 0
          [3/3] restart_database       success      4.5 s  BACKUP_DR_POSTGRES_RESTART_COMMAND exit 0
                | stopping postgresql
                | started postgresql 15
        recovery recovery-1 (database_failure): success in 4 min 5 s; RTO target 30 min met
        """, r.out());
        assertEquals("", r.stderr(), "no progress drawn when stderr is not a terminal");
        assertFalse(r.out().contains(KEY) || r.stderr().contains(KEY));
    }

    @Test
    void aFailedRecoveryExitsOneWithTheFailedStepAndTheError() {
        ObjectNode fields = JSON.createObjectNode().put("error", "restore_database: pg_restore exited 1");
        dr.recovery = new DrContractServer.Script(
                List.of(
                        new DrContractServer.Step("detect", "success", "postgresql critical", null),
                        new DrContractServer.Step("restore_database", "failed", "pg_restore exited 1: disk full", null),
                        new DrContractServer.Step("restart_database", "skipped", "an earlier step failed", null)),
                "failed",
                fields);
        CliRunner.Result r = cli.run("recover", "--scenario", "database_failure");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(
                r.out().contains("  [2/3] restore_database       failed       3.0 s  pg_restore exited 1: disk full"),
                r.out());
        assertTrue(
                r.out().contains("  [3/3] restart_database       skipped      4.5 s  an earlier step failed"), r.out());
        assertFalse(r.out().contains("restart_database       running"), "a skipped step never ran: " + r.out());
        assertTrue(
                r.out()
                        .endsWith("recovery recovery-1 (database_failure): failed in 4 min 5 s; RTO target 30 min\n"
                                + "  error: restore_database: pg_restore exited 1\n"),
                r.out());
    }

    @Test
    void aDryRunPrintsThePlanAndChangesNothing() throws Exception {
        ObjectNode fields = (ObjectNode) JSON.readTree("""
        {"plan":{"backup_id":"20250820_020000","source":"local","targets":{"database":"postgresql://127.0.0.1:5432/textloom"},
                 "overwrites":["database textloom (set aside first as textloom_failed_20250820T091500Z)"],
                 "estimated_duration_ms":250000,"estimate_basis":"drill drill-7 of 2025-08-19"}}""");
        dr.recovery = new DrContractServer.Script(
                List.of(
                        new DrContractServer.Step(
                                "set_aside_database", "skipped", "would rename textloom to textloom_failed_...", null),
                        new DrContractServer.Step(
                                "restore_database", "skipped", "would restore 20250820_020000 in place", null)),
                "success",
                fields);
        CliRunner.Result r = cli.run("recover", "--scenario", "database_failure", "--dry-run");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(dr.requests.get(0).body().path("dry_run").asBoolean());
        assertTrue(r.out().startsWith("""
        recovery recovery-1: database_failure, dry run (RPO target 1 h, RTO target 30 min)
        plan (dry run: nothing is changed):
          backup:     20250820_020000
          source:     local
          targets:    database: postgresql://127.0.0.1:5432/textloom
          overwrites: database textloom (set aside first as textloom_failed_20250820T091500Z)
          estimated:  4 min 10 s (drill drill-7 of 2025-08-19)
          [1/2] set_aside_database     skipped      1.5 s  would rename textloom"""), r.out());
        assertTrue(
                r.out()
                        .endsWith("recovery recovery-1 (database_failure, dry run): success in 4 min 5 s;"
                                + " nothing was changed\n"),
                r.out());
    }

    @Test
    void recoverJsonPrintsTheFinalStateAsOneDocument() throws Exception {
        dr.recovery = new DrContractServer.Script(
                List.of(new DrContractServer.Step(
                        "restart_app", "success", "TEXTLOOM_APP_RESTART_COMMAND exit 0", "ok")),
                "success",
                JSON.createObjectNode());
        CliRunner.Result r = cli.run("recover", "--scenario", "application_failure", "--json");
        assertEquals(0, r.exit(), r.toString());
        JsonNode doc = JSON.readTree(r.stdout());
        assertEquals("success", doc.get("status").asText());
        assertEquals("recovery-1", doc.get("recovery_id").asText());
        assertEquals("ok", doc.get("steps").get(0).get("output").asText());
    }

    @Test
    void onATerminalAProgressLineNamesTheRunningStepAndManualStepsAreListedLast() {
        dr.recovery = new DrContractServer.Script(
                List.of(
                        new DrContractServer.Step(
                                "restart_redis",
                                "manual",
                                "BACKUP_DR_REDIS_RESTART_COMMAND is not set:" + " start Redis by hand if it is down",
                                null),
                        new DrContractServer.Step("restore_redis", "success", "42 keys in db 0", null)),
                "success",
                JSON.createObjectNode());
        cli.errIsTerminal = true;
        CliRunner.Result r = cli.run("recover", "--scenario", "redis_failure");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(
                r.out()
                        .endsWith(
                                "\n  to do by hand (no hook is configured for these steps):\n"
                                        + "    - restart_redis: BACKUP_DR_REDIS_RESTART_COMMAND is not set: start Redis by hand if it is down\n"),
                r.out());
        assertTrue(
                r.stderr().contains("\r\033[Krecovery recovery-1: running, step 2/2 restore_redis: 42 keys in db 0"),
                r.stderr());
        assertTrue(r.stderr().endsWith("\r\033[K"), "the line is erased at the end");
        assertFalse(r.out().contains("\033"), "stdout carries no terminal codes");
    }

    @Test
    void aDrillReportsRtoRpoProofIssuesAndRecommendations() throws Exception {
        ObjectNode fields = (ObjectNode) JSON.readTree("""
        {"keep":true,"measured_rto_ms":230000,"rto_met":true,"rpo_seconds":2700,"rpo_met":true,"verified":true,
         "proof":[{"component":"database","equal":true,"detail":"12 tables: row counts and digests equal"}],
         "issues":["no remote copy of 20250820_020000"],
         "recommendations":["Configure MINIO_ENDPOINT so that full_disaster is possible"]}""");
        dr.drill = new DrContractServer.Script(
                List.of(
                        new DrContractServer.Step("restore_database", "success", "into scratch textloom_drill_1", null),
                        new DrContractServer.Step("prove", "success", "12 tables equal", null)),
                "success",
                fields);
        CliRunner.Result r = cli.run("drill", "--scenario", "database_failure", "--keep");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(
                JSON.readTree("{\"scenario\":\"database_failure\",\"keep\":true,\"backup_id\":null}"),
                dr.requests.get(0).body());
        String out = r.out();
        assertTrue(out.startsWith("drill drill-1: database_failure (RPO target 1 h, RTO target 30 min)\n"), out);
        assertTrue(out.contains("  [2/2] prove                  success      3.0 s  12 tables equal\n"), out);
        assertTrue(out.endsWith("""
        drill drill-1 (database_failure): success in 4 min 5 s; RTO 3 min 50 s, target 30 min met
          RPO: backup 45 min old, target 1 h met
          proof: restored data equal to what was backed up
            database   equal     12 tables: row counts and digests equal
          issues:
            - no remote copy of 20250820_020000
          recommendations:
            - Configure MINIO_ENDPOINT so that full_disaster is possible
          report: %s/api/drills/drill-1 (a page in a browser, JSON otherwise)
        """.formatted(dr.url())), out);
    }

    @Test
    void aDrillWhoseDataDiffersExitsOneShowingTheDifference() throws Exception {
        ObjectNode fields = (ObjectNode) JSON.readTree("""
        {"rto_met":true,"verified":false,"error":"restored data differs from the backup",
         "proof":[{"component":"redis","equal":false,"detail":"db 0 differs","differences":["db0 keys: expected 42, found 41"]}]}""");
        dr.drill = new DrContractServer.Script(
                List.of(new DrContractServer.Step("prove", "failed", "redis differs", null)), "failed", fields);
        CliRunner.Result r = cli.run("drill", "--scenario", "redis_failure");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(
                r.out()
                        .contains("  proof: restored data NOT EQUAL\n    redis      NOT EQUAL db 0 differs\n"
                                + "      differs: db0 keys: expected 42, found 41\n"),
                r.out());
        assertTrue(r.out().contains("  error: restored data differs from the backup"), r.out());
    }

    @Test
    void aRunningRecoveryMakesAnotherOneExitOneWithTheServicesReason() {
        dr.busyWith = "recovery-7";
        CliRunner.Result r = cli.run("recover", "--scenario", "redis_failure");
        assertEquals(1, r.exit(), r.toString());
        assertEquals(
                "textloom-backup: the disaster-recovery service at " + dr.url() + " answered 409 to POST"
                        + " /api/recoveries: recovery recovery-7 (database_failure) is already running; wait for it:"
                        + " GET /api/recoveries/recovery-7\n",
                r.stderr());
        assertEquals("", r.out());
        CliRunner.Result drill = cli.run("drill", "--scenario", "redis_failure");
        assertEquals(1, drill.exit(), drill.toString());
        assertTrue(drill.stderr().contains("answered 409 to POST /api/drills"), drill.toString());
    }

    @Test
    void aRecoveryOverLiveDataWithoutPermissionExitsOneSayingHowToAllowIt() {
        dr.inPlaceAllowed = false;
        dr.recovery = new DrContractServer.Script(List.of(), "success", JSON.createObjectNode());
        CliRunner.Result r = cli.run("recover", "--scenario", "database_failure");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(
                r.stderr()
                        .endsWith("answered 403 to POST /api/recoveries: this recovery restores over the live"
                                + " database: set BACKUP_DR_ALLOW_IN_PLACE=true or ask with force (--force); try --dry-run first to see"
                                + " the plan\n"),
                r.toString());
        assertEquals(
                0,
                cli.run("recover", "--scenario", "database_failure", "--force").exit());
        assertEquals(
                0,
                cli.run("recover", "--scenario", "database_failure", "--dry-run")
                        .exit());
    }

    @Test
    void aServiceAwayForAFewPollsDoesNotEndTheWait() {
        dr.recovery = new DrContractServer.Script(
                List.of(new DrContractServer.Step("restore_redis", "success", "42 keys in db 0", null)),
                "success",
                JSON.createObjectNode());
        dr.unavailablePolls.set(2);
        CliRunner.Result r = cli.run("recover", "--scenario", "redis_failure");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(
                "textloom-backup: the disaster-recovery service at " + dr.url() + " answered 503 to GET"
                        + " /api/recoveries/recovery-1: disaster-recovery is restarting; still trying for up to 60 s (recovery"
                        + " recovery-1 goes on in the disaster-recovery service)\n",
                r.stderr(),
                "said once");
        assertTrue(
                r.out().endsWith("recovery recovery-1 (redis_failure): success in 4 min 5 s; RTO target 30 min\n"),
                r.out());
    }

    @Test
    void badUsageExitsTwoWhetherTheCommandLineOrTheServiceFindsIt() {
        CliRunner.Result unknown = cli.run("recover", "--scenario", "meteor_strike");
        assertEquals(2, unknown.exit(), unknown.toString());
        assertEquals(
                "textloom-backup: the disaster-recovery service at " + dr.url() + " answered 400 to POST"
                        + " /api/recoveries: unknown scenario 'meteor_strike': expected one of database_failure,"
                        + " redis_failure, application_failure, storage_failure, full_disaster (field: scenario)\n",
                unknown.stderr());
        CliRunner.Result backup = cli.run("drill", "--scenario", "database_failure", "--backup-id", "19990101_000000");
        assertEquals(2, backup.exit(), backup.toString());
        assertTrue(
                backup.stderr().endsWith("answered 400 to POST /api/drills: backup_id: no backup 19990101_000000\n"),
                backup.toString());

        int asked = dr.requests.size();
        CliRunner.Result missing = cli.run("recover", "--dry-run");
        assertEquals(2, missing.exit(), missing.toString());
        assertTrue(
                missing.stderr().contains("Missing required option: '--scenario=SCENARIO'")
                        && missing.stderr().contains("Try 'textloom-backup recover --help'"),
                missing.toString());
        CliRunner.Result option = cli.run("drill", "--scenario", "database_failure", "--dry-run");
        assertEquals(2, option.exit(), option.toString());
        assertTrue(option.stderr().contains("Unknown option: '--dry-run'"), option.toString());
        assertEquals(2, cli.run("assess", "--verbose").exit());
        assertEquals(asked, dr.requests.size(), "nothing asked for bad command lines");
        assertEquals(1, cli.run("verify").exit(), "the manager's commands keep exit 1 for bad usage");
    }

    @Test
    void aMissingOrWrongKeyExitsOneSayingWhichVariableToSet() {
        dr.recovery = new DrContractServer.Script(List.of(), "success", JSON.createObjectNode());
        cli.env.remove("BACKUP_API_KEY");
        CliRunner.Result none = cli.run("recover", "--scenario", "database_failure");
        assertEquals(1, none.exit(), none.toString());
        assertTrue(
                none.stderr()
                        .endsWith("answered 401 to POST /api/recoveries: a valid X-API-Key header is"
                                + " required for POST requests (the disaster-recovery service requires an API key: set"
                                + " BACKUP_API_KEY)\n"),
                none.toString());
        cli.env.put("BACKUP_API_KEY", "not-the-key");
        CliRunner.Result wrong = cli.run("drill", "--scenario", "database_failure");
        assertEquals(1, wrong.exit(), wrong.toString());
        assertTrue(wrong.stderr().contains("(the API key in BACKUP_API_KEY was refused)"), wrong.toString());
        assertFalse(wrong.stderr().contains("not-the-key"), wrong.toString());
    }

    @Test
    void aServiceThatIsDownIsNamedWithItsUrlAndVariable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        cli.env.put("BACKUP_DR_URL", "http://127.0.0.1:" + port);
        for (String[] args : new String[][] {
            {"assess"}, {"recover", "--scenario", "database_failure"}, {"drill", "--scenario", "database_failure"}
        }) {
            CliRunner.Result r = cli.run(args);
            assertEquals(1, r.exit(), r.toString());
            assertEquals(
                    "textloom-backup: cannot reach the disaster-recovery service at http://127.0.0.1:" + port
                            + ": connection refused or timed out (is it running? give its address with --url or"
                            + " BACKUP_DR_URL)\n",
                    r.stderr());
            assertEquals("", r.out());
        }
        CliRunner.Result url = cli.run("assess", "--url", dr.url());
        assertTrue(url.exit() == 0 || url.exit() == 3, "--url wins over BACKUP_DR_URL: " + url);
    }

    @Test
    void aRecoveryThatOutlastsTimeoutExitsOneSayingHowToFollowIt() {
        dr.recovery = new DrContractServer.Script(
                List.of(new DrContractServer.Step("restore_database", "success", "restoring", null)),
                null,
                JSON.createObjectNode());
        CliRunner.Result r = cli.run("recover", "--scenario", "database_failure", "--timeout", "1");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(
                r.stderr()
                        .startsWith("textloom-backup: recovery recovery-1 is still running after 1 s; it goes"
                                + " on in the disaster-recovery service: follow it with GET " + dr.url()
                                + "/api/recoveries/recovery-1"),
                r.toString());
    }

    @Test
    void stoppingTheCommandSaysTheRecoveryGoesOnAndWhereToFollowIt(@TempDir Path dir) throws Exception {
        dr.recovery = new DrContractServer.Script(
                List.of(new DrContractServer.Step("restore_database", "success", "restoring", null)),
                null,
                JSON.createObjectNode());
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        TextloomBackup.class.getName(),
                        "recover",
                        "--scenario",
                        "database_failure")
                .directory(dir.toFile());
        pb.environment().remove("BACKUP_ENV_FILE");
        pb.environment().put("BACKUP_DR_URL", dr.url());
        pb.environment().put("BACKUP_API_KEY", KEY);
        Path stderr = dir.resolve("stderr.txt");
        pb.redirectError(stderr.toFile()); // destroying a process closes its pipes
        Process p = pb.start();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.contains("restore_database       running"));
            assertTrue(line != null, "the recovery was followed");
            p.destroy(); // SIGTERM: shutdown hooks run as on Ctrl-C
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        String err = Files.readString(stderr);
        assertEquals(
                "textloom-backup: stopped following recovery recovery-1; it goes on in the disaster-recovery"
                        + " service: follow it with GET " + dr.url() + "/api/recoveries/recovery-1\n",
                err);
    }

    @Test
    void theDrUrlComesFromDotEnvBackupAndTheEnvironmentWins(@TempDir Path dir) throws Exception {
        dr.assessment = JSON.createObjectNode().put("overall_status", "healthy");
        cli.env.remove("BACKUP_DR_URL");
        cli.workingDir = dir;
        Files.writeString(dir.resolve(".env.backup"), "BACKUP_DR_URL=" + dr.url() + "\n");
        CliRunner.Result file = cli.run("assess");
        assertEquals(0, file.exit(), file.toString());
        cli.env.put("BACKUP_DR_URL", "http://127.0.0.1:9");
        CliRunner.Result env = cli.run("assess");
        assertEquals(1, env.exit(), env.toString());
        assertTrue(env.stderr().contains("at http://127.0.0.1:9:"), env.toString());
        Files.writeString(dir.resolve(".env.backup"), "BACKUP_DR_URL=localhost:8083\n");
        cli.env.remove("BACKUP_DR_URL");
        CliRunner.Result bad = cli.run("assess");
        assertEquals(1, bad.exit(), bad.toString());
        assertEquals(
                "textloom-backup: BACKUP_DR_URL=localhost:8083: not an http(s) URL (from "
                        + dir.resolve(".env.backup").toAbsolutePath() + ")\n",
                bad.stderr());
    }
}
