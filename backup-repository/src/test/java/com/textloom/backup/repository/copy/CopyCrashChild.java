package com.textloom.backup.repository.copy;

import com.textloom.backup.repository.storage.FaultyBlobStore;
import com.textloom.backup.repository.storage.local.LocalBlobStore;
import java.nio.file.Path;
import java.time.Duration;

/** The child JVM of {@link RepositoryCopyCrashTest}: copies SOURCE to DEST slowly, until killed. */
public final class CopyCrashChild {
    private CopyCrashChild() {}

    public static void main(String[] args) throws Exception {
        try (LocalBlobStore source = LocalBlobStore.open(Path.of(args[0]));
                LocalBlobStore destination = LocalBlobStore.open(Path.of(args[1]))) {
            FaultyBlobStore slow = new FaultyBlobStore(destination).delay(Duration.ofMillis(40));
            System.out.println("ready");
            System.out.flush();
            CopyReport report =
                    RepositoryCopy.copy(source, slow, CopyOptions.defaults().withParallelism(2));
            System.out.println("copied " + report.blobsCopied());
            System.out.flush();
        }
    }
}
