package com.textloom.backup.repository.tree;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One entry of a directory in a tree blob (FORMAT.md §8). Fields that do not apply to a type
 * are {@code null} and omitted from the JSON. Build nodes with {@link #file}, {@link #dir},
 * {@link #symlink} and {@link #other}; the canonical constructor is what the tree decoder uses.
 * The JSON written ({@link TreeJson}) is pinned by {@code TreeKnownAnswerTest}.
 *
 * @param type {@link #FILE}, {@link #DIR}, {@link #SYMLINK} or {@link #OTHER}
 * @param mode permission bits including setuid/setgid/sticky
 * @param mtimeNs modification time in nanoseconds since the epoch
 * @param content data blob ids (hex) of a file, in order
 * @param subtree tree blob id (hex) of a directory
 * @param target a symlink's target, verbatim
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Node(
        String name,
        String type,
        int mode,
        Integer uid,
        Integer gid,
        String user,
        String group,
        long mtimeNs,
        Long size,
        Long inode,
        Long device,
        Integer links,
        List<String> content,
        String subtree,
        String target) {

    public static final String FILE = "file";
    public static final String DIR = "dir";
    public static final String SYMLINK = "symlink";
    public static final String OTHER = "other";

    /**
     * A regular file.
     *
     * @param inode {@code null} when not read from a filesystem (a stream)
     * @param device {@code null} likewise
     * @param links {@code null} likewise
     * @param content data blob ids (hex) in order; empty for an empty file
     */
    public static Node file(
            String name, Attributes a, long size, Long inode, Long device, Integer links, List<String> content) {
        return new Node(
                name,
                FILE,
                a.mode(),
                a.uid(),
                a.gid(),
                a.user(),
                a.group(),
                a.mtimeNs(),
                size,
                inode,
                device,
                links,
                content,
                null,
                null);
    }

    /** A directory whose tree blob is {@code subtree} (hex id). */
    public static Node dir(String name, Attributes a, String subtree) {
        return new Node(
                name,
                DIR,
                a.mode(),
                a.uid(),
                a.gid(),
                a.user(),
                a.group(),
                a.mtimeNs(),
                null,
                null,
                null,
                null,
                null,
                subtree,
                null);
    }

    /** A symbolic link to {@code target}, verbatim. */
    public static Node symlink(String name, Attributes a, String target) {
        return new Node(
                name,
                SYMLINK,
                a.mode(),
                a.uid(),
                a.gid(),
                a.user(),
                a.group(),
                a.mtimeNs(),
                null,
                null,
                null,
                null,
                null,
                null,
                target);
    }

    /** A fifo, socket or device: recorded, not restored. */
    public static Node other(String name, Attributes a) {
        return new Node(
                name,
                OTHER,
                a.mode(),
                a.uid(),
                a.gid(),
                a.user(),
                a.group(),
                a.mtimeNs(),
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    public boolean isFile() {
        return FILE.equals(type);
    }

    public boolean isDir() {
        return DIR.equals(type);
    }

    public boolean isSymlink() {
        return SYMLINK.equals(type);
    }

    /** This node with another content list and size (a file read again). */
    public Node withContent(List<String> newContent, long newSize) {
        return new Node(
                name,
                type,
                mode,
                uid,
                gid,
                user,
                group,
                mtimeNs,
                newSize,
                inode,
                device,
                links,
                newContent,
                subtree,
                target);
    }

    /**
     * Checks that the name is safe to use as one path segment: not empty, not {@code .} or
     * {@code ..}, no {@code /} and no NUL.
     */
    public static boolean isSafeName(String name) {
        return name != null
                && !name.isEmpty()
                && !name.equals(".")
                && !name.equals("..")
                && name.indexOf('/') < 0
                && name.indexOf('\0') < 0;
    }
}
