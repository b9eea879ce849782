package com.textloom.backup.manager.source.database;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.jboss.logging.Logger;

/**
 * Where a database restore with {@code pg_restore --jobs} spools the dump (pg_restore cannot restore in parallel
 * from a pipe). Guarantees: the directory is private ({@code 0700}, created if missing, refused when it is a
 * symbolic link or not a directory), each spool file is {@code 0600} and removed after its restore, and what a
 * crash left behind is removed by {@link #clear()}, which the manager calls at start. The manager's spool is
 * {@code <BACKUP_STATE_DIR>/restore-spool}; {@link #temporary()} (tests, benchmarks) uses a fresh private temporary
 * directory per restore, removed with the file.
 */
public final class RestoreSpool {
    private static final Logger LOG = Logger.getLogger(RestoreSpool.class);
    private static final String PREFIX = "restore-";
    private static final String SUFFIX = ".dump";

    private final Path dir;

    private RestoreSpool(Path dir) {
        this.dir = dir;
    }

    /** A spool in {@code dir}. */
    public static RestoreSpool in(Path dir) {
        return new RestoreSpool(dir.toAbsolutePath().normalize());
    }

    /** A spool in a fresh private temporary directory for each file. */
    public static RestoreSpool temporary() {
        return new RestoreSpool(null);
    }

    /** The directory, or null for {@link #temporary()}. */
    public Path dir() {
        return dir;
    }

    /** A new empty {@code 0600} file in the private directory. */
    Path newFile() throws IOException {
        Path d = dir == null
                ? Files.createTempDirectory(
                        "textloom-restore-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                : privateDirectory();
        return Files.createTempFile(
                d, PREFIX, SUFFIX, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }

    /** Removes a file of {@link #newFile()} (and its temporary directory). */
    void release(Path file) {
        try {
            Files.deleteIfExists(file);
            if (dir == null) {
                Files.deleteIfExists(file.getParent());
            }
        } catch (IOException e) {
            LOG.warnf(
                    "could not remove the restore spool %s (%s); it is private (0600) and removed at the next start",
                    file, e.getMessage());
        }
    }

    /** Removes every spool file a crashed restore left behind; returns how many. */
    public int clear() throws IOException {
        if (dir == null || !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        privateDirectory();
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path f : files) {
                if (Files.deleteIfExists(f)) {
                    removed++;
                }
            }
        }
        if (removed > 0) {
            LOG.infof("removed %d database restore spool file(s) an interrupted restore left in %s", removed, dir);
        }
        return removed;
    }

    private Path privateDirectory() throws IOException {
        if (Files.isSymbolicLink(dir)) {
            throw new IOException("the restore spool directory " + dir + " is a symbolic link; refusing to use it");
        }
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("the restore spool directory " + dir + " is not a directory");
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        return dir;
    }
}
