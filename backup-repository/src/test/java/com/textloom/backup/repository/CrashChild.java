package com.textloom.backup.repository;

import com.textloom.backup.repository.storage.local.LocalBlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The child JVM of {@link CrashSafetyTest}: backs up, forgets and prunes in a loop until it is
 * killed with {@code kill -9}. Arguments: repository dir, source dir, key, random seed.
 */
public final class CrashChild {
    private CrashChild() {}

    public static void main(String[] args) throws Exception {
        Path repoDir = Paths.get(args[0]);
        Path src = Paths.get(args[1]);
        KeySource key = KeySource.key(args[2]);
        Random r = new Random(Long.parseLong(args[3]));
        RepositoryOptions opts = CrashSafetyTest.options();
        try (LocalBlobStore store = LocalBlobStore.open(repoDir);
                Repository repo = Repository.open(store, key, opts)) {
            System.out.println("ready");
            System.out.flush();
            for (int i = 0; ; i++) {
                List<SnapshotInfo> existing = repo.snapshots();
                if (existing.size() > 1 && r.nextBoolean()) {
                    repo.forget(List.of(existing.get(0).id()));
                    repo.prune(new PruneOptions(false, Duration.ZERO, 0.3));
                    System.out.println("pruned");
                    System.out.flush();
                }
                Path gen = Files.createDirectories(src.resolve("gen"));
                TestTrees.writeFile(
                        gen.resolve("f" + r.nextInt(1_000_000)), 100_000 + r.nextInt(1_000_000), r.nextLong());
                try (Stream<Path> s = Files.list(gen)) {
                    List<Path> files = s.sorted().toList();
                    if (files.size() > 6) {
                        Files.delete(files.get(r.nextInt(files.size())));
                    }
                }
                SnapshotSpec spec = r.nextBoolean() ? SnapshotSpec.full() : SnapshotSpec.incremental();
                try (SnapshotWriter w = repo.newSnapshot(spec.withTags("daily"))) {
                    w.addTree("workspace", src, ProgressListener.NONE);
                    System.out.println("snapshot " + w.commit().shortId());
                    System.out.flush();
                }
            }
        }
    }
}
