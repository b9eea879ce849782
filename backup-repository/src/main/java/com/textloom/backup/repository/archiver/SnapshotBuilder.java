package com.textloom.backup.repository.archiver;

import com.textloom.backup.repository.ComponentInfo;
import com.textloom.backup.repository.ProgressListener;
import com.textloom.backup.repository.RepositoryException;
import com.textloom.backup.repository.SnapshotInfo;
import com.textloom.backup.repository.SnapshotSpec;
import com.textloom.backup.repository.SnapshotType;
import com.textloom.backup.repository.SnapshotWriter;
import com.textloom.backup.repository.crypto.FileIds;
import com.textloom.backup.repository.pack.BlobId;
import com.textloom.backup.repository.snapshot.SnapshotFile;
import com.textloom.backup.repository.snapshot.SnapshotStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SnapshotWriter} behind {@code Repository.newSnapshot}: archives components through
 * one {@link BlobSaver}, and on {@link #commit()} flushes packs and index, then writes the
 * snapshot manifest (FORMAT.md §10).
 */
public final class SnapshotBuilder implements SnapshotWriter {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotBuilder.class);
    private final SnapshotSpec spec;
    private final String host;
    private final SnapshotFile parent;
    private final BlobSaver saver;
    private final Archiver archiver;
    private final SnapshotStore snapshots;
    private final int metaLevel;
    private final Runnable onClose;
    private final LeaseCheck lease;

    /** Throws when the lock protecting this backup was lost (the backup must stop). */
    @FunctionalInterface
    public interface LeaseCheck {
        void check() throws IOException;
    }

    private final List<SnapshotFile.Component> components = new ArrayList<>();
    private boolean committed;
    private boolean closed;

    /**
     * @param parent the snapshot unchanged files are taken from (incremental), or {@code null}
     * @param lease checked before the index and the snapshot are written
     * @param onClose run once when the writer closes (releases the repository lock)
     */
    public SnapshotBuilder(
            SnapshotSpec spec,
            String host,
            SnapshotFile parent,
            BlobSaver saver,
            Archiver archiver,
            SnapshotStore snapshots,
            int metaLevel,
            LeaseCheck lease,
            Runnable onClose) {
        this.lease = lease;
        this.spec = spec;
        this.host = host;
        this.parent = parent;
        this.saver = saver;
        this.archiver = archiver;
        this.snapshots = snapshots;
        this.metaLevel = metaLevel;
        this.onClose = onClose;
    }

    private void checkName(String name) {
        if (committed || closed) {
            throw new IllegalStateException("snapshot writer is already committed or closed");
        }
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,128}") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException(
                    "component name must be 1-128 of [A-Za-z0-9._-], not . or ..: '" + name + "'");
        }
        for (SnapshotFile.Component c : components) {
            if (c.name().equals(name)) {
                throw new IllegalArgumentException("component '" + name + "' was already added");
            }
        }
    }

    @Override
    public ComponentInfo addTree(String name, Path root, Map<String, String> metadata, ProgressListener progress)
            throws IOException {
        checkName(name);
        BlobId parentRoot = null;
        if (parent != null && spec.type() == SnapshotType.INCREMENTAL) {
            SnapshotFile.Component pc = parent.component(name);
            if (pc != null && "tree".equals(pc.kind())) {
                parentRoot = BlobId.parse(pc.root());
            }
        }
        Archiver.Stats stats = new Archiver.Stats();
        long before = saver.newBytes();
        BlobId rootId =
                archiver.archiveTree(root, parentRoot, stats, progress == null ? ProgressListener.NONE : progress);
        saver.awaitWorkers();
        Map<String, String> meta = new HashMap<>(metadata == null ? Map.of() : metadata);
        meta.putIfAbsent("source_path", root.toAbsolutePath().normalize().toString());
        SnapshotFile.Component c = new SnapshotFile.Component(
                name,
                "tree",
                rootId.hex(),
                stats.files.get(),
                stats.dirs.get(),
                stats.bytes.get(),
                saver.newBytes() - before,
                stats.unchanged.get(),
                meta);
        components.add(c);
        return c.info();
    }

    @Override
    public ComponentInfo addStream(
            String name, InputStream data, Map<String, String> metadata, ProgressListener progress) throws IOException {
        checkName(name);
        Archiver.Stats stats = new Archiver.Stats();
        long before = saver.newBytes();
        BlobId rootId = archiver.archiveStream(name, data, stats, progress == null ? ProgressListener.NONE : progress);
        saver.awaitWorkers();
        SnapshotFile.Component c = new SnapshotFile.Component(
                name,
                "stream",
                rootId.hex(),
                stats.files.get(),
                0,
                stats.bytes.get(),
                saver.newBytes() - before,
                0,
                metadata == null ? Map.of() : Map.copyOf(metadata));
        components.add(c);
        return c.info();
    }

    @Override
    public SnapshotInfo commit() throws IOException {
        if (committed || closed) {
            throw new IllegalStateException("snapshot writer is already committed or closed");
        }
        if (components.isEmpty()) {
            throw new RepositoryException("a snapshot needs at least one component");
        }
        lease.check();
        saver.flush();
        lease.check();
        Instant time = spec.time() != null ? spec.time() : Instant.now();
        String id = FileIds.newId(time.toEpochMilli());
        SnapshotFile s = new SnapshotFile(
                1,
                id,
                time.toString(),
                spec.type().wireName(),
                new ArrayList<>(new TreeSet<>(spec.tags())),
                parent == null ? null : parent.id(),
                spec.host() != null ? spec.host() : host,
                List.copyOf(components));
        snapshots.write(s, metaLevel);
        committed = true;
        close();
        return s.info();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!committed) {
                try {
                    saver.flush();
                } catch (IOException | RuntimeException e) {
                    // the packs stay unindexed (no reader, and no later backup on this handle, sees them);
                    // prune removes them after the safety margin
                    LOG.debug("abandoned snapshot left its stored packs unindexed: {}", e.toString());
                }
            }
        } finally {
            archiver.close();
            saver.close();
            onClose.run();
        }
    }
}
