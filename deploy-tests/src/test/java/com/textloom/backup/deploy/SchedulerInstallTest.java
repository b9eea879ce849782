package com.textloom.backup.deploy;

import static com.textloom.backup.deploy.Checkout.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bash scripts/backup_scheduler.sh install} does what the guide says (issue 13): cron entries for an ordinary
 * user, the systemd units for root; installing twice changes nothing; {@code uninstall} takes it back. Run for real
 * on a copy of the checkout's scripts and units, without touching this machine: {@code crontab} and
 * {@code systemctl} on PATH are stand-ins that record what they are given, {@code id -u} answers the uid under test,
 * and the root install writes below {@code BACKUP_INSTALL_PREFIX}. The units it writes pass
 * {@code systemd-analyze verify}.
 */
class SchedulerInstallTest {

    @TempDir
    Path work;

    private Path checkout;
    private Path crontab;
    private Path systemctlCalls;
    private Path prefix;

    @BeforeEach
    void aCopyOfTheCheckoutAndStandIns() throws IOException {
        checkout = work.resolve("checkout");
        Checkout.copyTrees(checkout, "scripts", "deploy/systemd");
        Files.copy(ROOT.resolve(".env.backup.example"), checkout.resolve(".env.backup.example"));
        Path jar = checkout.resolve("backup-scheduler/target/quarkus-app/quarkus-run.jar");
        Files.createDirectories(jar.getParent());
        Files.createFile(jar); // "built": install must not start Maven here
        crontab = work.resolve("crontab.txt");
        systemctlCalls = work.resolve("systemctl.calls");
        prefix = work.resolve("sysroot");
        Path bin = Files.createDirectories(work.resolve("bin"));
        script(bin.resolve("crontab"), """
                #!/bin/sh
                # crontab -l | crontab - , writing $FAKE_CRONTAB
                if [ "$1" = -l ]; then [ -f "$FAKE_CRONTAB" ] || { echo "no crontab for $(whoami)" >&2; exit 1; }; exec cat "$FAKE_CRONTAB"; fi
                [ "$1" = - ] || { echo "fake crontab: only -l and -" >&2; exit 2; }
                cat > "$FAKE_CRONTAB.new" && mv "$FAKE_CRONTAB.new" "$FAKE_CRONTAB"
                """);
        script(bin.resolve("systemctl"), """
                #!/bin/sh
                echo "$*" >> "$FAKE_SYSTEMCTL_CALLS"
                """);
        script(bin.resolve("id"), """
                #!/bin/sh
                if [ "$1" = -u ]; then echo "$FAKE_UID"; else exec /usr/bin/id "$@"; fi
                """);
    }

    @Test
    void anOrdinaryUserGetsCronEntriesOnceBesideTheirOwn() throws IOException {
        Files.writeString(crontab, "0 1 * * * echo mine\n");
        for (int i = 0; i < 2; i++) {
            Checkout.Run run = script("1000", "install");
            assertEquals(0, run.exitCode(), run.output());
        }
        String entries = Files.readString(crontab);
        assertTrue(entries.startsWith("0 1 * * * echo mine\n"), "the user's own entry must stay: " + entries);
        assertEquals(1, entries.split("# BEGIN textloom-backup", -1).length - 1, "installed twice: " + entries);
        String up = "cd " + checkout + " && deploy/local/up >>logs/backup_cron.log 2>&1";
        assertTrue(
                entries.contains("\n@reboot " + up + "\n") && entries.contains("\n*/5 * * * * " + up + "\n"), entries);
        assertFalse(Files.exists(systemctlCalls), "an ordinary user's install must not call systemctl");
        assertTrue(Files.isRegularFile(checkout.resolve(".env.backup")));
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(checkout.resolve(".env.backup"))));

        Checkout.Run status = script("1000", "status");
        assertTrue(status.output().contains("@reboot " + up), status.output());

        assertEquals(0, script("1000", "uninstall").exitCode());
        assertEquals("0 1 * * * echo mine\n", Files.readString(crontab));
    }

    @Test
    void rootGetsTheSystemdUnitsVerifiedEnabledAndStarted() throws IOException {
        Checkout.Run first = script("0", "install");
        assertEquals(0, first.exitCode(), first.output());
        Path units = prefix.resolve("etc/systemd/system");
        Map<Path, String> once = contents(units);
        Checkout.Run second = script("0", "install");
        assertEquals(0, second.exitCode(), second.output());
        assertEquals(once, contents(units), "a second install changes the units");
        assertFalse(Files.exists(crontab), "root's install must not write a crontab");
        assertTrue(Files.isDirectory(prefix.resolve("var/lib/textloom-backup")));

        List<String> names = once.keySet().stream()
                .map(p -> p.getFileName().toString())
                .sorted()
                .toList();
        try (Stream<Path> shipped = Files.list(ROOT.resolve("deploy/systemd"))) {
            assertEquals(
                    shipped.map(p -> p.getFileName().toString())
                            .filter(n -> n.matches(".*\\.(service|target)$"))
                            .sorted()
                            .toList(),
                    names);
        }
        for (String text : once.values()) {
            assertFalse(text.contains("@"), "a placeholder is left: " + text);
            assertTrue(
                    !text.contains("User=") || text.contains("User=" + System.getProperty("user.name") + "\n"), text);
        }
        List<String> verify = new ArrayList<>(List.of("systemd-analyze", "verify", "--man=no"));
        once.keySet().stream().sorted().forEach(p -> verify.add(p.toString()));
        Checkout.Run run = Checkout.run(
                units, Map.of(), 120, "systemd-analyze (Debian package systemd)", verify.toArray(String[]::new));
        assertEquals("", run.output().strip(), "systemd-analyze verify complains");

        List<String> calls = Files.readAllLines(systemctlCalls);
        assertEquals(
                List.of(
                        "daemon-reload",
                        "enable textloom-backup.target textloom-backup-kafka.service textloom-backup-manager.service"
                                + " textloom-backup-monitor.service textloom-backup-scheduler.service textloom-backup-disaster-recovery.service",
                        "start textloom-backup.target"),
                calls.subList(0, 3));

        assertEquals(0, script("0", "uninstall").exitCode());
        assertEquals(Map.of(), contents(units));
    }

    @Test
    void helpNamesWhatEachInstallDoes() {
        Checkout.Run run = script("1000", "--help");
        assertEquals(0, run.exitCode());
        for (String word : List.of("install", "uninstall", "status", "cron", "systemd", "as root")) {
            assertTrue(run.output().contains(word), "--help does not say " + word + ":\n" + run.output());
        }
    }

    private Checkout.Run script(String uid, String... args) {
        Map<String, String> env = new HashMap<>(Map.of(
                "FAKE_UID",
                uid,
                "FAKE_CRONTAB",
                crontab.toString(),
                "FAKE_SYSTEMCTL_CALLS",
                systemctlCalls.toString(),
                "BACKUP_INSTALL_PREFIX",
                prefix.toString(),
                "BACKUP_SERVICE_USER",
                System.getProperty("user.name"),
                "HOME",
                work.toString(),
                "PATH",
                work.resolve("bin") + ":" + Path.of(System.getProperty("java.home"), "bin") + ":"
                        + System.getenv("PATH"),
                "BACKUP_SCHEDULER_URL",
                "http://127.0.0.1:9",
                "BACKUP_MANAGER_URL",
                "http://127.0.0.1:9"));
        List<String> command = new ArrayList<>(
                List.of("bash", checkout.resolve("scripts/backup_scheduler.sh").toString()));
        command.addAll(List.of(args));
        return Checkout.run(work, env, 60, "bash", command.toArray(String[]::new));
    }

    private static Map<Path, String> contents(Path dir) throws IOException {
        Map<Path, String> out = new HashMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    out.put(f, Files.readString(f));
                }
            }
        }
        return out;
    }

    private static void script(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
