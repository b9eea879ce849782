package com.textloom.backup.repository.snapshot;

import com.textloom.backup.repository.CorruptBlobException;
import com.textloom.backup.repository.RepositoryException;
import com.textloom.backup.repository.crypto.MasterKey;
import com.textloom.backup.repository.pack.SealedFiles;
import com.textloom.backup.repository.storage.BlobNotFoundException;
import com.textloom.backup.repository.storage.BlobStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads, writes and deletes snapshot manifests under {@code snapshots/}. */
public final class SnapshotStore {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);
    public static final String PREFIX = "snapshots/";
    private final BlobStore store;
    private final MasterKey key;

    public SnapshotStore(BlobStore store, MasterKey key) {
        this.store = store;
        this.key = key;
    }

    /** Ids of every snapshot file. */
    public List<String> ids() throws IOException {
        return SealedFiles.ids(store, PREFIX);
    }

    /**
     * Every readable snapshot, oldest first. A snapshot file that is damaged (fails authentication
     * or does not decode) is left out with a warning naming it, so that one bad file does not stop
     * listing, parent lookup or prune; verify reports it as damaged, forget removes it. A storage
     * failure is still an error.
     */
    public List<SnapshotFile> all() throws IOException {
        List<SnapshotFile> out = new ArrayList<>();
        for (String id : ids()) {
            try {
                out.add(read(id));
            } catch (BlobNotFoundException deletedMeanwhile) {
                // forgotten while listing
            } catch (CorruptBlobException e) {
                LOG.warn(
                        "snapshot {} cannot be read and is left out: {} (verify reports it; forget removes it)",
                        id,
                        e.getMessage());
            }
        }
        out.sort(Comparator.comparing(SnapshotFile::time).thenComparing(SnapshotFile::id));
        return out;
    }

    public SnapshotFile read(String id) throws IOException {
        String name = PREFIX + id;
        SnapshotFile s = SnapshotFile.decode(SealedFiles.read(store, key, name), name);
        if (!s.id().equals(id)) {
            throw new CorruptBlobException(name, null, "snapshot claims id " + s.id());
        }
        return s;
    }

    /** Writes the manifest: the commit point of a backup. */
    public void write(SnapshotFile s, int zstdLevel) throws IOException {
        SealedFiles.write(store, key, PREFIX + s.id(), s.encode(), zstdLevel);
    }

    public void delete(String id) throws IOException {
        store.delete(PREFIX + id);
    }

    /**
     * The full id for an id or unique prefix (at least 4 characters), or {@code "latest"}.
     *
     * @throws RepositoryException when none or several match
     */
    public String resolve(String idOrPrefix) throws IOException {
        if (idOrPrefix == null || idOrPrefix.length() < 4) {
            throw new IllegalArgumentException("snapshot id must have at least 4 characters: '" + idOrPrefix + "'");
        }
        if (idOrPrefix.equals("latest")) {
            List<SnapshotFile> all = all();
            if (all.isEmpty()) {
                throw new RepositoryException("the repository has no snapshot");
            }
            return all.get(all.size() - 1).id();
        }
        List<String> matches =
                ids().stream().filter(i -> i.startsWith(idOrPrefix)).toList();
        if (matches.isEmpty()) {
            throw new RepositoryException("no snapshot " + idOrPrefix);
        }
        if (matches.size() > 1) {
            throw new RepositoryException(
                    "snapshot prefix " + idOrPrefix + " is ambiguous (" + matches.size() + " match)");
        }
        return matches.get(0);
    }
}
