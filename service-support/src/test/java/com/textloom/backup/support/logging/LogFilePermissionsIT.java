package com.textloom.backup.support.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.textloom.backup.testservers.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 11, item 12: a service's log files, the main one and a named handler's, are 0600 once it has started. */
@QuarkusTest
@TestProfile(LogFilePermissionsIT.FileLogs.class)
@WithTestResource(KafkaTestResource.class)
class LogFilePermissionsIT {

    static final Path MAIN = Path.of("target/logs/log-permissions-it.log");
    static final Path AUDIT = Path.of("target/logs/log-permissions-it.audit.log");

    /** File logging on, as the services have it (with the older "enable" spelling they use). */
    public static class FileLogs implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.deleteIfExists(MAIN);
                Files.deleteIfExists(AUDIT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of(
                    "quarkus.log.file.enable",
                    "true",
                    "quarkus.log.file.path",
                    MAIN.toString(),
                    "quarkus.log.handler.file.\"audit\".enable",
                    "true",
                    "quarkus.log.handler.file.\"audit\".path",
                    AUDIT.toString(),
                    "quarkus.log.category.\"audit\".handlers",
                    "audit");
        }
    }

    @Test
    void theLogFilesAreReadableByTheServiceUserOnly() throws IOException {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(MAIN)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(AUDIT)));
    }
}
