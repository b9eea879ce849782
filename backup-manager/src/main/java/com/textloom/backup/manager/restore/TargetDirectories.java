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
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private TargetDirectories() {
    }

    /**
     * The directory {@code component} is restored into for a requested {@code target_dir}: {@code <target_dir>/<component>}.
     *
     * @throws IllegalArgumentException naming {@code target_dir} when it is outside the roots, has {@code .} or {@code ..}
     *                                  segments, or crosses a symbolic link or a file
     */
    public static Path of(String requested, String component, List<Path> roots) {
        for (Path segment : Path.of(requested)) {
            if (segment.toString().equals(".") || segment.toString().equals("..")) {
                throw new IllegalArgumentException("target_dir: '" + requested + "' has a '" + segment
                        + "' segment; give the directory without . or ..");
            }
        }
        Path target = Path.of(requested).toAbsolutePath().normalize().resolve(component);
        check(target, roots);
        return target;
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
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
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
        Path root = roots.stream().filter(target::startsWith).filter(r -> !r.equals(target)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("target_dir: " + target.getParent()
                        + " is outside BACKUP_RESTORE_ROOTS " + roots));
        Path dir = root;
        for (Path name : root.relativize(target)) {
            dir = dir.resolve(name);
            if (Files.isSymbolicLink(dir)) {
                throw new IllegalArgumentException("target_dir: " + dir + " is a symbolic link; a restore does not"
                        + " follow links (give the real directory)");
            }
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException("target_dir: " + dir + " exists and is not a directory");
            }
        }
        return root;
    }
}
