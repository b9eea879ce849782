package com.textloom.backup.manager.backup;

import com.textloom.backup.manager.source.ComponentSink;
import com.textloom.backup.repository.ComponentInfo;
import com.textloom.backup.repository.ProgressListener;
import com.textloom.backup.repository.SnapshotWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts the sources' streams and trees into one repository snapshot being written, and keeps the
 * repository's statistics of each stored part (bytes read, new bytes, files).
 */
public final class RepositorySink implements ComponentSink {
    private final SnapshotWriter writer;
    private final ProgressListener progress;
    private final Map<String, ComponentInfo> stored = new LinkedHashMap<>();

    public RepositorySink(SnapshotWriter writer, ProgressListener progress) {
        this.writer = writer;
        this.progress = progress;
    }

    @Override
    public void addStream(String name, InputStream in, Map<String, String> metadata) throws IOException {
        stored.put(name, writer.addStream(name, in, metadata, progress));
    }

    @Override
    public void addTree(String name, Path root, Map<String, String> metadata) throws IOException {
        stored.put(name, writer.addTree(name, root, metadata, progress));
    }

    /** What the repository stored, per stream or tree name, in order. */
    public Map<String, ComponentInfo> stored() {
        return stored;
    }
}
