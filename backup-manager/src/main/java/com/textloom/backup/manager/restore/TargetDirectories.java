package com.textloom.backup.manager.restore;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The directories a restore that is not in place writes into, under {@code BACKUP_RESTORE_ROOTS}.
 * Guarantees:
 * <ul>
 *   <li>a requested {@code target_dir} with {@code .} or {@code ..} segments is refused, as is one outside every root;</li>
 *   <li>no symbolic link is followed between the root (the operator's setting, taken as configured) and the
 *       component's directory: an existing link anywhere on that path is refused, when the plan is made and again
 *       just before writing; inside the component's directory the repository's restorer replaces links and never
 *       writes through them;</li>
 *   <li>directories the restore creates, the root included, are {@code 0700};</li>
 *   <li>after the restore, nothing below the component's directory is readable, writable or searchable by group or
 *       others (the backup's own modes are kept for the owner).</li>
 * </ul>
 */
public final class TargetDirectories {

    private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    private TargetDirectories() {}

    /**
     * The directory {@code component} is restored into for a requested {@code target_dir}: {@code <target_dir>/<component>}.
     *
     * @throws IllegalArgumentException naming {@code target_dir} when it is outside the roots, has {@code .} or {@code ..}
     *                                  segments, or crosses a symbolic link or a file
     */
    public static Path of(String requested, String component, List<Path> roots) {
        plainSegments(requested);
        Path target = Path.of(requested).toAbsolutePath().normalize().resolve(component);
        check(target, roots);
        return target;
    }

    /**
     * The file {@code <target_dir>/<name>} a restore writes one file into (a Redis RDB file for a cold start): the
     * directory must exist under a root, reached through no symbolic link; the file must not exist (a restore never
     * writes over a file: set it aside first; a dry run, which writes nothing, only reports it). Checked when the plan
     * is made and again just before writing.
     *
     * @throws IllegalArgumentException naming {@code target_dir} or {@code target_file}
     */
    public static Path file(String requestedDir, String name, List<Path> roots, boolean mayExist) {
        if (name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new RestoreRefusedException("target_file", "target_file: '" + name + "' is not a plain file name");
        }
        Path asked = Path.of(requestedDir).toAbsolutePath().normalize().resolve(name);
        if (!mayExist && Files.exists(asked, LinkOption.NOFOLLOW_LINKS)) {
            throw new RestoreRefusedException(
                    "target_file",
                    "target_file: " + asked + " exists; a restore never writes over a file:" + " set it aside first");
        }
        plainSegments(requestedDir);
        Path file = asked;
        check(file, roots, true);
        if (!Files.isDirectory(file.getParent(), LinkOption.NOFOLLOW_LINKS)) {
            throw new RestoreRefusedException(
                    "target_dir",
                    "target_dir: " + file.getParent() + " does not exist (the file is written"
                            + " into an existing directory only)");
        }
        return file;
    }

    private static void plainSegments(String requested) {
        for (Path segment : Path.of(requested)) {
            if (segment.toString().equals(".") || segment.toString().equals("..")) {
                throw new RestoreRefusedException(
                        "target_dir",
                        "target_dir: '" + requested + "' has a '" + segment
                                + "' segment; give the directory without . or ..");
            }
        }
    }

    /**
     * Checks {@code target} again and creates it and the directories up to its root, {@code 0700}, refusing a symbolic
     * link that appeared since the plan was made. Returns {@code target}.
     */
    public static Path create(Path target, List<Path> roots) throws IOException {
        Path root = check(target, roots);
        if (!Files.exists(root)) {
            Files.createDirectories(root);
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        }
        Path dir = root;
        for (Path name : root.relativize(target)) {
            dir = dir.resolve(name);
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        }
        check(target, roots);
        return target;
    }

    /** Takes every permission of group and others off what lies below {@code target} (and itself); links untouched. */
    public static void makePrivate(Path target) throws IOException {
        Files.walkFileTree(target, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                strip(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() || attrs.isDirectory()) {
                    strip(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void strip(Path p) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        if (perms.removeAll(NOT_OWNER)) {
            Files.setPosixFilePermissions(p, perms);
        }
    }

    /** The root {@code target} is under, after checking that no existing part of the path below it is a link or a file. */
    private static Path check(Path target, List<Path> roots) {
        return check(target, roots, false);
    }

    /** As above; {@code fileTarget}: {@code target} itself may be an existing regular file (not a link). */
    private static Path check(Path target, List<Path> roots, boolean fileTarget) {
        Path root = roots.stream()
                .filter(target::startsWith)
                .filter(r -> !r.equals(target))
                .findFirst()
                .orElseThrow(() -> new RestoreRefusedException(
                        "target_dir",
                        "target_dir: " + target.getParent() + " is outside BACKUP_RESTORE_ROOTS " + roots));
        Path dir = root;
        for (Path name : root.relativize(target)) {
            dir = dir.resolve(name);
            if (Files.isSymbolicLink(dir)) {
                throw new RestoreRefusedException(
                        "target_dir",
                        "target_dir: " + dir + " is a symbolic link; a restore does not"
                                + " follow links (give the real directory)");
            }
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                    && !(fileTarget && dir.equals(target) && Files.isRegularFile(dir, LinkOption.NOFOLLOW_LINKS))) {
                throw new RestoreRefusedException(
                        "target_dir", "target_dir: " + dir + " exists and is not a directory");
            }
        }
        return root;
    }
}
