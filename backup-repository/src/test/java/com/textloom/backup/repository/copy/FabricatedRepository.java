package com.textloom.backup.repository.copy;

import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.BlobStore.BlobInfo;
import com.textloom.backup.repository.storage.BlobStoreContractTest.GeneratedStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Blobs in the repository layout of CONTRACTS.md / FORMAT.md (config, keys, data packs, index,
 * snapshots, a lock) with random contents: enough for copy, which moves blobs without reading them.
 */
final class FabricatedRepository {
    private FabricatedRepository() {}

    /** Writes {@code packs} packs of {@code packSize} bytes, 2 index files, 3 snapshots. */
    static void write(BlobStore store, int packs, long packSize, long seed) throws IOException {
        Random random = new Random(seed);
        store.put("keys/" + hex(random, 32), bytes(random, 300));
        store.put("config", bytes(random, 200));
        for (int i = 0; i < packs; i++) {
            String id = hex(random, 32);
            long size = packSize + random.nextInt(1000);
            store.put("data/" + id.substring(0, 2) + "/" + id, new GeneratedStream(size, random.nextLong()), size);
        }
        store.put("index/" + hex(random, 32), bytes(random, 2000));
        store.put("index/" + hex(random, 32), bytes(random, 3000));
        for (String id : List.of("aaaa0001", "bbbb0002", "cccc0003")) {
            store.put("snapshots/" + id + hex(random, 28), bytes(random, 500));
        }
        store.put("locks/" + hex(random, 32), bytes(random, 100));
    }

    /** Name → SHA-256 of every blob whose name starts with {@code prefix}, streamed. */
    static Map<String, String> digests(BlobStore store, String prefix) throws Exception {
        Map<String, String> digests = new TreeMap<>();
        for (BlobInfo blob : store.list(prefix)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = store.open(blob.name())) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    digest.update(buf, 0, n);
                }
            }
            digests.put(blob.name(), HexFormat.of().formatHex(digest.digest()));
        }
        return digests;
    }

    /** The repository's blobs without its locks (which a copy leaves behind). */
    static Map<String, String> digestsWithoutLocks(BlobStore store) throws Exception {
        Map<String, String> all = digests(store, "");
        all.keySet().removeIf(n -> n.startsWith("locks/"));
        return all;
    }

    static String snapshotName(BlobStore store, String idStart) throws IOException {
        return store.list("snapshots/" + idStart).get(0).name();
    }

    private static byte[] bytes(Random random, int size) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        return b;
    }

    private static String hex(Random random, int bytes) {
        return HexFormat.of().formatHex(bytes(random, bytes));
    }
}
