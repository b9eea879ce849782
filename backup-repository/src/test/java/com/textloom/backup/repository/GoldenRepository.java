package com.textloom.backup.repository;

import com.textloom.backup.repository.storage.local.LocalBlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

/**
 * Writes the golden repository under {@code src/test/resources/golden/repository} that
 * {@link GoldenRepositoryTest} reads. Run it only when the format version changes (FORMAT.md,
 * "Changes"): {@code java -cp <test classpath> com.textloom.backup.repository.GoldenRepository DIR}.
 */
public final class GoldenRepository {
    /** The key of the golden repository (test data only). */
    static final String KEY = "R29sZGVuIHJlcG9zaXRvcnkga2V5IGZvciB0ZXN0cyE=";

    static final Instant TIME = Instant.parse("2026-11-24T12:00:00Z");

    private GoldenRepository() {}

    /** The source tree: deterministic names, bytes, modes and mtimes. */
    static Path sourceTree(Path root) throws IOException {
        Files.createDirectories(root.resolve("docs/empty"));
        Files.writeString(root.resolve("docs/readme.md"), "# TextLoom\n\nGolden repository, format version 1.\n");
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < 2000; i++) {
            json.append("{\"id\":")
                    .append(i)
                    .append(",\"title\":\"chapter ")
                    .append(i)
                    .append("\"},");
        }
        json.append("{}]");
        Files.writeString(root.resolve("docs/chapters.json"), json.toString());
        Files.createFile(root.resolve("empty.txt"));
        byte[] media = new byte[300_000];
        long x = 12345;
        for (int i = 0; i < media.length; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            media[i] = (byte) (x >>> 56);
        }
        Files.write(root.resolve("cover.bin"), media);
        Files.writeString(root.resolve("名前.txt"), "unicode ✓\n");
        Files.createSymbolicLink(root.resolve("latest"), Paths.get("docs/readme.md"));
        Files.setAttribute(root.resolve("cover.bin"), "unix:mode", 0640);
        Files.setAttribute(root.resolve("docs/empty"), "unix:mode", 0750);
        long t = 1_700_000_000L;
        for (String p : new String[] {
            "docs/readme.md", "docs/chapters.json", "empty.txt", "cover.bin", "名前.txt", "docs/empty", "docs"
        }) {
            Files.setLastModifiedTime(root.resolve(p), FileTime.from(Instant.ofEpochSecond(t++, 123_456_789)));
        }
        return root;
    }

    /** The bytes of the golden stream component. */
    static byte[] stream() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            sb.append("INSERT INTO users VALUES (")
                    .append(i)
                    .append(", 'user")
                    .append(i)
                    .append("');\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws Exception {
        Path repoDir = Paths.get(args[0]);
        Path src = Files.createTempDirectory("golden-src");
        sourceTree(src.resolve("workspace"));
        RepositoryOptions opts = RepositoryOptions.defaults()
                .withAverageChunkSize(64 << 10)
                .withPackSize(1 << 20)
                .withHost("golden-host");
        try (LocalBlobStore store = LocalBlobStore.open(repoDir);
                Repository repo = Repository.init(store, KeySource.key(KEY), opts);
                SnapshotWriter w =
                        repo.newSnapshot(SnapshotSpec.full().withTags("daily").withTime(TIME))) {
            w.addTree(
                    "workspace",
                    src.resolve("workspace"),
                    Map.of("source_path", "/srv/textloom/workspace"),
                    ProgressListener.NONE);
            w.addStream(
                    "database",
                    new ByteArrayInputStream(stream()),
                    Map.of("rows.users", "5000"),
                    ProgressListener.NONE);
            System.out.println(w.commit().id());
        }
        Files.deleteIfExists(repoDir.resolve(".tmp"));
    }
}
