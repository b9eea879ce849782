package com.textloom.backup.manager.backup;

import com.textloom.backup.events.Outcome;
import com.textloom.backup.events.RemoteCopy;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.copy.CopyOptions;
import com.textloom.backup.repository.copy.CopyReport;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.location.RepositoryLocation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The guide's "local, then remote sync": after a backup, copies what each remote (MinIO, OBS)
 * lacks of the repository there, snapshots last, and reports each copy. A remote that fails is
 * reported with its reason; the others are still copied.
 */
public final class RemoteSync {
    private RemoteSync() {
    }

    public static List<RemoteCopy> copyToAll(Repository repo, List<String> remotes, Map<String, String> environment) {
        List<RemoteCopy> out = new ArrayList<>();
        for (String uri : remotes) {
            long t0 = System.nanoTime();
            String name = uri;
            try {
                RepositoryLocation location = RepositoryLocation.parse(uri, environment);
                name = location.toString();
                try (BlobStore destination = location.open()) {
                    CopyReport r = copy(repo, destination);
                    out.add(new RemoteCopy(name, Outcome.SUCCESS, r.bytesCopied(), (System.nanoTime() - t0) / 1_000_000, null));
                }
            } catch (Exception e) {
                out.add(new RemoteCopy(name, Outcome.FAILED, 0, (System.nanoTime() - t0) / 1_000_000,
                        "copy to " + name + " failed: " + e.getMessage()));
            }
        }
        return out;
    }

    private static CopyReport copy(Repository repo, BlobStore destination) throws java.io.IOException {
        return com.textloom.backup.repository.copy.RepositoryCopy.copy(repo.store(), destination, CopyOptions.defaults());
    }
}
