package com.textloom.backup.repository;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes one snapshot: add components, then {@link #commit()}. The snapshot manifest is written
 * last, after every pack and index it needs; closing without committing leaves no snapshot (the
 * data already stored is reused by the next backup or removed by prune). Not thread-safe: add
 * components one at a time (each is processed in parallel internally).
 */
public interface SnapshotWriter extends AutoCloseable {

    /** Backs up the file tree under {@code root} as component {@code name}. */
    default ComponentInfo addTree(String name, Path root, ProgressListener progress) throws IOException {
        return addTree(name, root, Map.of(), progress);
    }

    /** Backs up a file tree with caller metadata stored in the component. */
    ComponentInfo addTree(String name, Path root, Map<String, String> metadata, ProgressListener progress)
            throws IOException;

    /**
     * Backs up a stream (a database dump) as component {@code name}, reading it to its end with
     * bounded memory. The caller closes the stream.
     */
    ComponentInfo addStream(String name, InputStream data, Map<String, String> metadata, ProgressListener progress)
            throws IOException;

    /**
     * Flushes every pack, writes the index, then the snapshot manifest.
     *
     * @return the new snapshot
     */
    SnapshotInfo commit() throws IOException;

    /** Releases resources; without a prior commit no snapshot is created. */
    @Override
    void close() throws IOException;
}
