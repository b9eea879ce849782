package com.textloom.backup.testservers;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The classpath of a server's JVM, as written by its runtime module ({@code test-servers/kafka-runtime},
 * {@code test-servers/s3proxy-runtime}) into {@code target/classpath.txt} when Maven builds it.
 *
 * <p>The {@code test-servers} directory is found through the system property {@value #SERVERS_DIR_PROPERTY}
 * (the root pom's surefire configuration sets it), else by walking up from the working directory, else
 * from where this class was loaded ({@code test-servers/launcher/target/classes}).
 */
final class RuntimeClasspath {

    /** System property naming the {@code test-servers} directory. */
    static final String SERVERS_DIR_PROPERTY = "textloom.servers.dir";

    private RuntimeClasspath() {}

    /**
     * The classpath (entries separated by {@link File#pathSeparator}) of the given runtime module.
     *
     * @param module {@code kafka-runtime} or {@code s3proxy-runtime}
     * @throws IllegalStateException naming the Maven command that writes the file when it is missing
     */
    static String of(String module) {
        Path serversDir = serversDir(module);
        Path file = serversDir.resolve(module).resolve("target").resolve("classpath.txt");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("missing " + file + ": build it from " + serversDir.getParent()
                    + " with `mvn -B -q -pl test-servers/" + module + " install` (or add -am when building a module"
                    + " that uses test-servers)");
        }
        String classpath;
        try {
            classpath = Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        for (String entry : classpath.split(File.pathSeparator)) {
            if (!Files.exists(Paths.get(entry))) {
                throw new IllegalStateException(file + " names " + entry + ", which no longer exists (local Maven"
                        + " repository cleaned?): rebuild it with `mvn -B -q -pl test-servers/" + module + " install`");
            }
        }
        return classpath;
    }

    /** Where this launcher's classes are (a jar or a classes directory), to run a class of it in a child JVM. */
    static String launcherLocation() {
        try {
            return Paths.get(RuntimeClasspath.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the test-servers launcher classes", e);
        }
    }

    /** The checkout of TextLoom Backup: the parent of the {@code test-servers} directory. */
    static Path checkoutDir() {
        return serversDir("kafka-runtime").getParent();
    }

    private static Path serversDir(String module) {
        String property = System.getProperty(SERVERS_DIR_PROPERTY);
        if (property != null && !property.isBlank()) {
            Path dir = Paths.get(property).toAbsolutePath().normalize();
            if (Files.isDirectory(dir.resolve(module))) {
                return dir;
            }
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("test-servers").resolve(module))) {
                return dir.resolve("test-servers");
            }
            if (Files.isDirectory(dir.resolve(module))
                    && dir.getFileName() != null
                    && dir.getFileName().toString().equals("test-servers")) {
                return dir;
            }
        }
        // test-servers/launcher/target/classes -> test-servers
        Path classes = Paths.get(launcherLocation());
        if (Files.isDirectory(classes)
                && classes.getParent() != null
                && classes.getParent().getParent() != null) {
            Path dir = classes.getParent().getParent().getParent();
            if (dir != null && Files.isDirectory(dir.resolve(module))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the test-servers directory of TextLoom Backup: set -D"
                + SERVERS_DIR_PROPERTY + "=<checkout>/test-servers or run from inside the checkout (working directory "
                + Paths.get("").toAbsolutePath() + ")");
    }
}
