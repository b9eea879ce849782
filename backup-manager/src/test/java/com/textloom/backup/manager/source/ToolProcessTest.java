package com.textloom.backup.manager.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 11 on the manager's child processes: a tool that hangs is stopped at its timeout and the read of
 * its output fails saying so; a child sees none of the manager's secrets (a real JVM with secrets in its
 * environment starts the child, as a manager under systemd or Kubernetes would).
 */
class ToolProcessTest {
    private static final String KEY = "c2VjcmV0LWtleS1ub3QtdG8tYmUtc2Vlbi1ieS1jaGlsZHJlbg==";

    @Test
    void aHungToolIsStoppedAtItsTimeoutWithTheReason() throws Exception {
        long t0 = System.nanoTime();
        try (ToolProcess p = ToolProcess.start(List.of("sleep", "600"), Map.of(), Duration.ofSeconds(2));
                InputStream out = p.stdout()) {
            IOException e = assertThrows(IOException.class, out::readAllBytes);
            assertTrue(
                    e.getMessage().contains("sleep did not finish within 2 s (BACKUP_TOOL_TIMEOUT)"), e.getMessage());
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        assertTrue(seconds < 10, "stopped at its timeout, not later: " + seconds + " s");
    }

    @Test
    void aToolThatEndsInTimeIsNotStopped() throws Exception {
        try (ToolProcess p =
                        ToolProcess.start(List.of("sh", "-c", "sleep 1; echo done"), Map.of(), Duration.ofSeconds(10));
                InputStream out = p.stdout()) {
            assertEquals("done\n", new String(out.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aChildGetsOnlyTheEnvironmentItNeeds() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-Xmx64m",
                "-cp",
                System.getProperty("java.class.path"),
                Child.class.getName());
        pb.environment().put("BACKUP_ENCRYPTION_KEY", KEY);
        pb.environment().put("BACKUP_API_KEY", "ops=api-secret-1234");
        pb.environment().put("MINIO_SECRET_KEY", "minio-secret-5678");
        pb.environment().put("DATABASE_URL", "postgresql://app:db-secret-9@127.0.0.1/textloom");
        pb.environment().put("PGSSLMODE", "prefer");
        pb.redirectErrorStream(true);
        Process child = pb.start();
        String env = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), env);
        assertTrue(env.contains("PGHOST=db.example\n"), "what the caller passes arrives: " + env);
        assertTrue(env.contains("PGSSLMODE=prefer\n"), "libpq's own settings are inherited: " + env);
        assertTrue(env.lines().anyMatch(l -> l.startsWith("PATH=")), "PATH is inherited: " + env);
        for (String secret : List.of(
                KEY, "api-secret-1234", "minio-secret-5678", "db-secret-9", "BACKUP_", "MINIO_", "DATABASE_URL")) {
            assertFalse(env.contains(secret), secret + " reached the child: " + env);
        }
    }

    /** Runs {@code env} as a tool of the manager would run, printing what the tool sees. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            try (ToolProcess p =
                            ToolProcess.start(List.of("env"), Map.of("PGHOST", "db.example"), Duration.ofSeconds(30));
                    InputStream out = p.stdout()) {
                out.transferTo(System.out);
            }
            System.out.flush();
        }
    }
}
