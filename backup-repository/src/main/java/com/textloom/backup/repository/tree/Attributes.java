package com.textloom.backup.repository.tree;

/**
 * The attributes every node records (FORMAT.md §8): permissions, owner and modification time.
 *
 * @param mode permission bits including setuid/setgid/sticky ({@code st_mode & 07777})
 * @param uid owner id, {@code null} when not known (a stream)
 * @param gid group id, {@code null} when not known
 * @param user owner name, {@code null} when the id has none
 * @param group group name, {@code null} when the id has none
 * @param mtimeNs modification time in nanoseconds since the epoch
 */
public record Attributes(int mode, Integer uid, Integer gid, String user, String group, long mtimeNs) {

    /** Attributes with a mode and a time only: no owner (a stream's node). */
    public static Attributes unowned(int mode, long mtimeNs) {
        return new Attributes(mode, null, null, null, null, mtimeNs);
    }
}
