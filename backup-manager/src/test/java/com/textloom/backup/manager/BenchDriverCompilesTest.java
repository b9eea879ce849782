package com.textloom.backup.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmarks' Java sources ({@code bench/}) compile against the manager as it is: the database and Redis
 * benchmarks drive the manager's own executors through {@code bench/driver/ManagerDriver.java}, which no build
 * compiles, so a changed constructor broke them silently (2026-12-04: {@code RestoreExecutor} had gained
 * {@code ToolLimits}; both benchmarks failed to start).
 */
class BenchDriverCompilesTest {

    @Test
    void everyBenchmarkSourceCompilesAgainstTheManager(@TempDir Path out) throws Exception {
        List<String> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("../bench"))) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> sources.add(f.toString()));
        }
        assertEquals(true, sources.stream().anyMatch(s -> s.endsWith("ManagerDriver.java")), "found " + sources);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "a JDK runs the tests");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> broken = new ArrayList<>();
        for (String source : sources) { // each is a program of its own, run by `java File.java` or compiled alone
            Path classes = Files.createDirectories(
                    out.resolve(Path.of(source).getFileName().toString()));
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            if (javac.run(
                            null,
                            null,
                            errors,
                            "-nowarn",
                            "-proc:none",
                            "-d",
                            classes.toString(),
                            "-cp",
                            classpath,
                            source)
                    != 0) {
                broken.add(source + ":\n" + errors.toString(StandardCharsets.UTF_8));
            }
        }
        assertEquals(List.of(), broken, "bench/ sources that no longer compile against the manager");
    }
}
