package com.textloom.backup.repository;

import java.util.Map;

/**
 * One component of a snapshot: a file tree or a named stream, its statistics and the caller's
 * metadata.
 *
 * @param name component name ({@code workspace}, {@code database}, ...)
 * @param kind tree or stream
 * @param files regular files (1 for a stream)
 * @param dirs directories (0 for a stream)
 * @param bytes logical content bytes
 * @param newBytes bytes this snapshot added to storage (compressed, encrypted, not deduplicated)
 * @param unchangedFiles files taken from the parent without reading
 * @param metadata free-form metadata stored with the component (row counts, digests, source path)
 */
public record ComponentInfo(
        String name,
        Kind kind,
        long files,
        long dirs,
        long bytes,
        long newBytes,
        long unchangedFiles,
        Map<String, String> metadata) {

    /** What a component holds. */
    public enum Kind {
        TREE,
        STREAM
    }

    public ComponentInfo {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
