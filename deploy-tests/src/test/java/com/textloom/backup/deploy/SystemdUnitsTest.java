package com.textloom.backup.deploy;

import static com.textloom.backup.deploy.Checkout.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd units of {@code deploy/systemd}, with their placeholders filled in as
 * {@code scripts/backup_scheduler.sh install} fills them, pass {@code systemd-analyze verify} without a single
 * complaint (unknown keys and bad values are only warnings there; here they fail).
 */
class SystemdUnitsTest {

    @TempDir
    Path units;

    @Test
    void everyUnitPassesSystemdAnalyzeVerify() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify", "--man=no"));
        try (Stream<Path> files = Files.list(ROOT.resolve("deploy/systemd"))) {
            for (Path unit : files.filter(f -> f.toString().matches(".*\\.(service|target|timer)$"))
                    .sorted()
                    .toList()) {
                String text = Files.readString(unit)
                        .replace("@ROOT@", ROOT.toString())
                        .replace("@STATE@", units.resolve("state").toString())
                        .replace("@JAVA@", java)
                        .replace("@USER@", System.getProperty("user.name"));
                assertTrue(!text.contains("@"), unit.getFileName() + ": a placeholder install does not fill");
                Path filled = units.resolve(unit.getFileName());
                Files.writeString(filled, text);
                command.add(filled.toString());
            }
        }
        assertTrue(command.size() > 3, "no units");
        Checkout.Run run = Checkout.run(
                units, Map.of(), 120, "systemd-analyze (Debian package systemd)", command.toArray(String[]::new));
        assertEquals("", run.output().strip(), "systemd-analyze verify complains");
        assertEquals(0, run.exitCode());
    }
}
