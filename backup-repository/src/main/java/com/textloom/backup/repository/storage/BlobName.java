package com.textloom.backup.repository.storage;

import java.util.regex.Pattern;

/**
 * The one rule for blob names and list prefixes that every {@link BlobStore} enforces.
 *
 * <p>A name is one or more {@code /}-separated segments of {@code [A-Za-z0-9._-]}; it never starts
 * or ends with {@code /}, never has an empty segment and never contains {@code ..}. A prefix is
 * {@code ""} or the start of a valid name (it may end with {@code /}).
 */
public final class BlobName {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
    private static final Pattern PREFIX = Pattern.compile("([A-Za-z0-9._-]+/)*[A-Za-z0-9._-]*");

    private BlobName() {}

    /**
     * Returns {@code name} when it is a valid blob name.
     *
     * @throws IllegalArgumentException naming the bad name otherwise
     */
    public static String requireValid(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException("invalid blob name: '" + name + "'");
        }
        return name;
    }

    /**
     * Returns {@code prefix} when it is a valid list prefix ({@code ""} or the start of a name).
     *
     * @throws IllegalArgumentException naming the bad prefix otherwise
     */
    public static String requireValidPrefix(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches() || prefix.contains("..")) {
            throw new IllegalArgumentException("invalid blob name prefix: '" + prefix + "'");
        }
        return prefix;
    }

    /**
     * A folder that a remote store keeps its blobs under: {@code ""} for none (also for
     * {@code null}), else the value without leading and trailing slashes, which must be a valid name.
     */
    public static String folder(String folder) {
        if (folder == null) {
            return "";
        }
        String f = folder.replaceAll("^/+|/+$", "");
        return f.isEmpty() ? "" : requireValid(f);
    }
}
