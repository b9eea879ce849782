package com.textloom.backup.repository;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.textloom.backup.repository.chunker.ChunkerParams;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * FORMAT.md §2.1: a {@code config} written by another implementation — compact, fields in another
 * order, an unknown field — is read, and its chunker parameters are the ones it names.
 */
class RepositoryConfigFormatTest {
    @Test
    void aConfigAsFormatMdDescribesItIsRead() throws Exception {
        String json = "{\"pack_size\":16777216,\"future_field\":true,\"chunker\":{\"gear_seed\":"
                + "\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\",\"max_size\":4194304,"
                + "\"avg_size\":1048576,\"min_size\":262144,\"algorithm\":\"fastcdc-gear-v1\"},"
                + "\"created\":\"2026-11-24T16:00:00Z\",\"id\":\"" + "0f".repeat(32) + "\",\"version\":1}";
        RepositoryConfig c = RepositoryConfig.parse(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(16 << 20, c.packSize());
        assertEquals("0f".repeat(32), c.id());
        ChunkerParams p = c.chunkerParams();
        assertEquals(256 << 10, p.minSize());
        assertEquals(1 << 20, p.avgSize());
        assertEquals(4 << 20, p.maxSize());
        byte[] seed = new byte[32];
        for (int i = 0; i < 32; i++) {
            seed[i] = (byte) i;
        }
        assertArrayEquals(seed, p.gearSeed());
    }

    @Test
    void anotherVersionOrChunkerIsRefused() {
        assertThrows(
                RepositoryException.class,
                () -> RepositoryConfig.parse("{\"version\":2,\"chunker\":{\"algorithm\":\"fastcdc-gear-v1\"}}"
                        .getBytes(StandardCharsets.UTF_8)));
        assertThrows(
                RepositoryException.class,
                () -> RepositoryConfig.parse(
                        "{\"version\":1,\"chunker\":{\"algorithm\":\"rabin\"}}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theConfigThisBuildWritesHasTheDocumentedFields() throws Exception {
        RepositoryConfig c = new RepositoryConfig(
                1,
                "0f".repeat(32),
                "2026-11-24T16:00:00Z",
                new RepositoryConfig.Chunker(
                        "fastcdc-gear-v1", 262144, 1048576, 4194304, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="),
                16777216);
        String json = new String(c.toJson(), StandardCharsets.UTF_8).replaceAll("\\s", "");
        assertEquals(
                "{\"version\":1,\"id\":\"" + "0f".repeat(32) + "\",\"created\":\"2026-11-24T16:00:00Z\","
                        + "\"chunker\":{\"algorithm\":\"fastcdc-gear-v1\",\"min_size\":262144,\"avg_size\":1048576,"
                        + "\"max_size\":4194304,\"gear_seed\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\"},"
                        + "\"pack_size\":16777216}",
                json);
    }
}
