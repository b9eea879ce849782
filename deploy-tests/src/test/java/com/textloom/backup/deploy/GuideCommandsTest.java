package com.textloom.backup.deploy;

import static com.textloom.backup.deploy.Checkout.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command line of the guide ({@code shared/seeds/textloom-backup-guide.zh.md}) that runs a script of this
 * repository ({@code python scripts/...}, {@code bash scripts/...}, {@code sudo bash scripts/...}) works as written
 * from the repository root (issue 13, "the guide's commands as written"). Each is run verbatim by bash against
 * services that are not there (their URLs point at a closed port): it must be understood, i.e. neither "command not
 * found" (127), nor bad usage (exit 2, "unknown command", "Unmatched argument", a usage text), and it must fail for
 * the only reason left, naming the service that does not answer. The three lines that would install units or start
 * a service ({@code backup_scheduler.sh install}, {@code backup_monitor.py start | dashboard}) are checked in their
 * dry form instead: the launcher's usage lists the command and each of its options.
 */
class GuideCommandsTest {

    private static final Pattern SCRIPT_LINE = Pattern.compile("^(?:sudo\\s+)?(?:python|bash)\\s+scripts/\\S+.*$");
    private static final Pattern NOT_UNDERSTOOD = Pattern.compile(
            "(?i)unknown (command|option|subcommand)|unmatched argument|invalid value|missing required|try '[^']*--help'|usage:"
                    + "|no such file|command not found");
    private static final List<String> STARTS_OR_INSTALLS =
            List.of("backup_scheduler.sh install", "backup_monitor.py start", "backup_monitor.py dashboard");

    @TempDir
    static Path work;

    private static Map<String, String> environment;
    private static int closedPort;

    @BeforeAll
    static void servicesThatAreNotThere() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String nowhere = "http://127.0.0.1:" + closedPort;
        Path envFile = Files.writeString(work.resolve("empty.env"), "");
        Path classpath = ROOT.resolve("deploy-tests/target/backup-cli.classpath");
        assertTrue(Files.isRegularFile(classpath), "run through Maven: " + classpath + " is written by the build");
        environment = Map.of(
                "BACKUP_MANAGER_URL",
                nowhere,
                "BACKUP_DR_URL",
                nowhere,
                "BACKUP_MONITOR_URL",
                nowhere,
                "BACKUP_SCHEDULER_URL",
                nowhere,
                "BACKUP_ENV_FILE",
                envFile.toString(),
                "BACKUP_API_KEY",
                "guide-test-key",
                "TEXTLOOM_BACKUP_CLASSPATH",
                Files.readString(classpath).strip());
    }

    @Test
    void everyCommandLineOfTheGuideRunsAsWritten() throws IOException {
        List<String> lines = guideCommandLines();
        assertTrue(lines.size() >= 25, "too few command lines found in the guide: " + lines);
        List<String> problems = new ArrayList<>();
        for (String line : lines) {
            if (STARTS_OR_INSTALLS.stream().anyMatch(line::contains)) {
                problems.addAll(understoodByItsUsage(line));
                continue;
            }
            Checkout.Run run = Checkout.run(ROOT, environment, 120, "bash", "bash", "-c", line);
            Matcher bad = NOT_UNDERSTOOD.matcher(run.output());
            if (run.exitCode() == 2 || run.exitCode() >= 126 || bad.find()) {
                problems.add(line + "  -> exit " + run.exitCode() + ": "
                        + run.output().strip());
            } else if (!run.output().contains(String.valueOf(closedPort))
                    && !run.output().matches("(?s).*(not answer|refused|connect).*")) {
                problems.add(line + "  -> exit " + run.exitCode() + " without naming the service that is not there: "
                        + run.output().strip());
            }
        }
        assertEquals(List.of(), problems, "guide command lines that do not work as written");
    }

    /** The dry form of a line that would install or start something: its launcher's usage names the command and options. */
    private static List<String> understoodByItsUsage(String line) {
        String[] words = line.replaceFirst("^sudo\\s+", "").split("\\s+");
        Checkout.Run help = Checkout.run(ROOT, environment, 60, words[0], words[0], words[1], "--help");
        List<String> problems = new ArrayList<>();
        if (help.exitCode() != 0) {
            problems.add(line + "  -> --help exit " + help.exitCode() + ": " + help.output());
        }
        for (int i = 2; i < words.length; i++) {
            if (!words[i].matches("\\d+") && !help.output().contains(words[i])) {
                problems.add(line + "  -> the usage of " + words[1] + " does not know '" + words[i] + "'");
            }
        }
        return problems;
    }

    /** Every line of a bash block of the guide that runs a script of this repository, its trailing comment removed. */
    static List<String> guideCommandLines() throws IOException {
        List<String> out = new ArrayList<>();
        boolean inBash = false;
        for (String raw : Files.readAllLines(guide())) {
            String line = raw.strip();
            if (line.startsWith("```")) {
                inBash = !inBash && line.equals("```bash");
                continue;
            }
            if (inBash && SCRIPT_LINE.matcher(line).matches()) {
                out.add(line.replaceFirst("\\s+#.*$", ""));
            }
        }
        return out;
    }

    /**
     * The product guide as the repository carries it ({@code docs/textloom-backup-guide.zh.md}), so a clone alone
     * runs this test. When the team's original ({@code shared/seeds/textloom-backup-guide.zh.md} beside the checkout
     * or above it) is at hand, the copy must be identical: a guide that changed is a guide to check again.
     */
    private static Path guide() throws IOException {
        Path copy = ROOT.resolve("docs/textloom-backup-guide.zh.md");
        for (Path dir = ROOT.getParent(); dir != null; dir = dir.getParent()) {
            Path original = dir.resolve("shared/seeds/textloom-backup-guide.zh.md");
            if (Files.isRegularFile(original)) {
                if (Files.mismatch(original, copy) != -1L) {
                    throw new AssertionError(
                            original + " changed: copy it to " + copy + " and check the commands again");
                }
                break;
            }
        }
        return copy;
    }
}
