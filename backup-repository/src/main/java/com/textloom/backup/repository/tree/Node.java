package com.textloom.backup.repository.tree;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One entry of a directory in a tree blob (FORMAT.md §8). Fields that do not apply to a type
 * are {@code null} and omitted from the JSON.
 *
 * @param type {@link #FILE}, {@link #DIR}, {@link #SYMLINK} or {@link #OTHER}
 * @param mode permission bits including setuid/setgid/sticky
 * @param mtimeNs modification time in nanoseconds since the epoch
 * @param content data blob ids (hex) of a file, in order
 * @param subtree tree blob id (hex) of a directory
 * @param target a symlink's target, verbatim
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Node(String name, String type, int mode, Integer uid, Integer gid, String user,
    String group, long mtimeNs, Long size, Long inode, Long device, Integer links,
    List<String> content, String subtree, String target) {

  public static final String FILE = "file";
  public static final String DIR = "dir";
  public static final String SYMLINK = "symlink";
  public static final String OTHER = "other";

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
    return new Node(name, type, mode, uid, gid, user, group, mtimeNs, newSize, inode, device,
        links, newContent, subtree, target);
  }

  /**
   * Checks that the name is safe to use as one path segment: not empty, not {@code .} or
   * {@code ..}, no {@code /} and no NUL.
   */
  public static boolean isSafeName(String name) {
    return name != null && !name.isEmpty() && !name.equals(".") && !name.equals("..")
        && name.indexOf('/') < 0 && name.indexOf('\0') < 0;
  }
}
