package com.textloom.backup.repository.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.textloom.backup.repository.crypto.MasterKey;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Known-answer test of FORMAT.md §8: the canonical JSON of a fixed tree and its blob id under a
 * fixed id key are pinned, so a change to the serialisation (field order, names, escaping, omitted
 * fields) fails here instead of silently ending deduplication against existing repositories. The
 * same vector is printed in FORMAT.md §8.
 */
class TreeKnownAnswerTest {
    static final String EXPECTED_JSON =
            "{\"nodes\":[{\"name\":\"a.txt\",\"type\":\"file\",\"mode\":420,\"uid\":1000,\"gid\":10"
                    + "00,\"user\":\"alice\",\"group\":\"staff\",\"mtime_ns\":1700000000123456789,\"size\":5,"
                    + "\"inode\":1234,\"device\":66,\"links\":1,\"content\":[\"000000000000000000000000000000"
                    + "0000000000000000000000000000000000\",\"fffffffffffffffffffffffffffffffffffffffffffffff"
                    + "fffffffffffffffff\"],\"file\":true,\"dir\":false,\"symlink\":false},{\"name\":\"d\",\""
                    + "type\":\"dir\",\"mode\":493,\"uid\":0,\"gid\":0,\"mtime_ns\":1700000000000000000,\"sub"
                    + "tree\":\"abababababababababababababababababababababababababababababababab\",\"file\":f"
                    + "alse,\"dir\":true,\"symlink\":false},{\"name\":\"l\",\"type\":\"symlink\",\"mode\":511"
                    + ",\"uid\":0,\"gid\":0,\"user\":\"root\",\"group\":\"root\",\"mtime_ns\":0,\"target\":\""
                    + "../a.txt\",\"file\":false,\"dir\":false,\"symlink\":true},{\"name\":\"p\",\"type\":\"o"
                    + "ther\",\"mode\":932,\"uid\":1,\"gid\":2,\"mtime_ns\":-1,\"file\":false,\"dir\":false,\""
                    + "symlink\":false},{\"name\":\"x \\\"q\\\" \\\\ \\n\\t\\u0001\u007f \u00e9\\uD83D\\uDE00"
                    + "\",\"type\":\"file\",\"mode\":384,\"mtime_ns\":0,\"size\":0,\"content\":[],\"file\":tr"
                    + "ue,\"dir\":false,\"symlink\":false}]}";
    static final String EXPECTED_ID = "3fa944abccf7dfd01e276ee12f8b8547b311fda9d9f9fdae7776e2989b9d34f9";

    /** Master key = the bytes 0x00..0x3f, so the id key is 0x20..0x3f. */
    static MasterKey key() {
        byte[] raw = new byte[MasterKey.SIZE];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) i;
        }
        return MasterKey.fromBytes(raw);
    }

    static Tree tree() {
        return Tree.sorted(List.of(
                Node.file(
                        "a.txt",
                        new Attributes(0644, 1000, 1000, "alice", "staff", 1_700_000_000_123_456_789L),
                        5L,
                        1234L,
                        66L,
                        1,
                        List.of("00".repeat(32), "ff".repeat(32))),
                Node.dir("d", new Attributes(0755, 0, 0, null, null, 1_700_000_000_000_000_000L), "ab".repeat(32)),
                Node.symlink("l", new Attributes(0777, 0, 0, "root", "root", 0L), "../a.txt"),
                Node.other("p", new Attributes(01644, 1, 2, null, null, -1L)),
                Node.file(
                        "x \"q\" \\ \n\t\u0001\u007f \u00e9\uD83D\uDE00",
                        Attributes.unowned(0600, 0L),
                        0L,
                        null,
                        null,
                        null,
                        List.of())));
    }

    @Test
    void theCanonicalJsonOfAFixedTreeIsPinned() {
        assertEquals(EXPECTED_JSON, new String(tree().encode(), StandardCharsets.UTF_8));
    }

    @Test
    void theBlobIdOfAFixedTreeIsPinned() {
        byte[] json = tree().encode();
        assertEquals(EXPECTED_ID, HexFormat.of().formatHex(key().id(json, 0, json.length)));
    }

    @Test
    void theEmptyDirectoryIsTheEmptyNodeList() {
        assertEquals("{\"nodes\":[]}", new String(new Tree(List.of()).encode(), StandardCharsets.UTF_8));
    }

    @Test
    void controlCharactersUseTheShortEscapesOrUppercaseHex() {
        Node n = Node.other("\b\f\r\u001f\u00ff\u4e2d", Attributes.unowned(0, 0L));
        assertEquals(
                "{\"nodes\":[{\"name\":\"\\b\\f\\r\\u001F\u00ff\u4e2d\",\"type\":\"other\",\"mode\":0,"
                        + "\"mtime_ns\":0,\"file\":false,\"dir\":false,\"symlink\":false}]}",
                new String(new Tree(List.of(n)).encode(), StandardCharsets.UTF_8));
    }
}
