package com.textloom.backup.support.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

/**
 * A service's own state files (the manager's operations, disaster recovery's recoveries and drills): private
 * and replaced atomically.
 *
 * <p>Guarantees: {@link #directory} leaves a directory 0700 (made so if it exists); {@link #writeAtomically}
 * writes a new 0600 temporary file beside the target, forces it to disk, renames it over the target and forces
 * the directory, so a crash at any point leaves the previous or the new content, never a torn file. A crash can
 * leave a temporary file ending in {@value #TEMP_SUFFIX}; {@link #isTemporary} names them so a store removes them
 * when it opens.
 */
public final class PrivateFiles {
    /** Suffix of the temporary files {@link #writeAtomically} uses. */
    public static final String TEMP_SUFFIX = ".tmp";

    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIR =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private PrivateFiles() {}

    /** Creates {@code dir} (and its parents) 0700, or makes an existing one 0700; returns it. */
    public static Path directory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PRIVATE_DIR);
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        return dir;
    }

    /** Replaces {@code target} by {@code bytes} atomically and durably (see the class comment); the file is 0600. */
    public static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = dir.resolve(target.getFileName() + "." + UUID.randomUUID() + TEMP_SUFFIX);
        try {
            try (FileChannel ch = FileChannel.open(
                    temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), PRIVATE_FILE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /** Whether {@code file} is a temporary file a crashed {@link #writeAtomically} left behind. */
    public static boolean isTemporary(Path file) {
        return file.getFileName().toString().endsWith(TEMP_SUFFIX);
    }
}
