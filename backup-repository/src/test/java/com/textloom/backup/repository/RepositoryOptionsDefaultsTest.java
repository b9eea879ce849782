package com.textloom.backup.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.textloom.backup.config.SuiteVariables;
import com.textloom.backup.repository.retention.RetentionPolicy;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What the library does with a variable that is not set is what suite-config's catalogue says, on every machine:
 * the services, the CLI and the library read one default (issue #14: {@code BACKUP_PARALLEL_JOBS} unset was
 * max(2, processors) in the library and 2 in the catalogue).
 */
class RepositoryOptionsDefaultsTest {

    /** Prints the library's unset {@code BACKUP_PARALLEL_JOBS}: {@code defaults()} and {@code fromEnvironment}. */
    public static final class Child {
        public static void main(String[] args) {
            System.out.println(RepositoryOptions.defaults().parallelJobs() + " "
                    + RepositoryOptions.fromEnvironment(Map.of()).parallelJobs());
        }
    }

    @Test
    void unsetParallelJobsIsTheCataloguesDefaultWhateverTheProcessorCount() throws Exception {
        String catalogue = SuiteVariables.variable("BACKUP_PARALLEL_JOBS").defaultValue();
        for (int processors : new int[] {1, 2, 8, 96}) {
            assertEquals(
                    catalogue + " " + catalogue,
                    childSays(processors),
                    "defaults() and fromEnvironment({}) with " + processors + " processors");
        }
    }

    @Test
    void theLibrarysOtherDefaultsAreTheCatalogues() {
        RepositoryOptions d = RepositoryOptions.defaults();
        assertEquals(d, RepositoryOptions.fromEnvironment(Map.of()));
        assertEquals(Boolean.parseBoolean(catalogue("BACKUP_COMPRESSION_ENABLED")), d.compressionEnabled());
        assertEquals(Integer.parseInt(catalogue("BACKUP_COMPRESSION_LEVEL")), d.compressionLevel());
        assertEquals(
                RepositoryOptions.chunkAverageFor(Long.parseLong(catalogue("BACKUP_CHUNK_SIZE"))),
                d.averageChunkSize());
        assertEquals(
                new RetentionPolicy(
                        Integer.parseInt(catalogue("BACKUP_KEEP_LAST")),
                        Integer.parseInt(catalogue("BACKUP_DAILY_RETENTION_DAYS")),
                        Integer.parseInt(catalogue("BACKUP_WEEKLY_RETENTION_WEEKS")),
                        Integer.parseInt(catalogue("BACKUP_MONTHLY_RETENTION_MONTHS")),
                        ZoneOffset.UTC),
                RetentionPolicy.fromEnvironment(Map.of()));
    }

    private static String catalogue(String name) {
        return SuiteVariables.variable(name).defaultValue();
    }

    /** The child's line in a JVM that sees {@code processors} processors. */
    private static String childSays(int processors) throws IOException, InterruptedException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process child = new ProcessBuilder(
                        java,
                        "-XX:ActiveProcessorCount=" + processors,
                        "-Xmx32m",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Child.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertEquals(true, child.waitFor(60, TimeUnit.SECONDS), "the child did not end");
            assertEquals(0, child.exitValue(), "the child failed");
            return out;
        } finally {
            child.destroyForcibly();
        }
    }
}
