package com.textloom.backup.repository.archiver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What {@code lstat} says about one path (never following a symlink): the attributes a tree node
 * records and the archiver's change detection compares.
 *
 * @param mode the whole {@code st_mode}: file type bits and permission bits
 * @param mtimeNs modification time in nanoseconds since the epoch
 */
record FileStat(int mode, int uid, int gid, long inode, long device, int links, long size, long mtimeNs) {

    static final int TYPE_MASK = 0170000;
    static final int TYPE_DIR = 0040000;
    static final int TYPE_SYMLINK = 0120000;
    static final int TYPE_FILE = 0100000;

    /** Reads the attributes of {@code p} itself (a symlink is not followed). */
    static FileStat of(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(
                p, "unix:mode,uid,gid,ino,dev,nlink,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        FileTime mtime = (FileTime) a.get("lastModifiedTime");
        return new FileStat(
                (Integer) a.get("mode"),
                (Integer) a.get("uid"),
                (Integer) a.get("gid"),
                ((Number) a.get("ino")).longValue(),
                ((Number) a.get("dev")).longValue(),
                (Integer) a.get("nlink"),
                (Long) a.get("size"),
                mtime.to(TimeUnit.SECONDS) * 1_000_000_000L + mtime.toInstant().getNano());
    }

    /** The file type bits: {@link #TYPE_DIR}, {@link #TYPE_SYMLINK}, {@link #TYPE_FILE} or another. */
    int type() {
        return mode & TYPE_MASK;
    }

    /** The permission bits including setuid, setgid and sticky ({@code st_mode & 07777}). */
    int permissions() {
        return mode & 07777;
    }
}
