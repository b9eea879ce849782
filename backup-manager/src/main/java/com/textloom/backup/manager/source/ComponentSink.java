package com.textloom.backup.manager.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a {@link BackupSource} puts its data: the repository's snapshot writer in the service, a
 * plain directory in tests. Each call consumes its input completely before returning.
 */
public interface ComponentSink {

    /**
     * Stores a named stream. The sink reads {@code in} to its end; an {@link IOException} thrown by
     * {@code in} must propagate so that the snapshot is not committed.
     */
    void addStream(String name, InputStream in, Map<String, String> metadata) throws IOException;

    /** Stores a file tree rooted at {@code root} under the given name. */
    void addTree(String name, Path root, Map<String, String> metadata) throws IOException;
}
