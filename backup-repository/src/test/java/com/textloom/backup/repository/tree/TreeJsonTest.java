package com.textloom.backup.repository.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.textloom.backup.repository.CorruptBlobException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The hand-written tree JSON ({@link TreeJson}) against the Jackson mapping every version-1 writer
 * used until 2026-12-04 (kept here as the reference): byte-identical encodings of random trees
 * with any characters in names, owners and targets (surrogate pairs, lone surrogates, control
 * characters), the same trees decoded back, and the reader's tolerance (whitespace, member order,
 * unknown members, {@code null}) and refusals.
 */
class TreeJsonTest {
    /** The former encoder and decoder: Tree and Node through Jackson, snake case, unknowns ignored. */
    private static final ObjectMapper JACKSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @Test
    void randomTreesEncodeToTheBytesJacksonWroteAndDecodeBack() throws Exception {
        Random r = new Random(20261204);
        for (int t = 0; t < 300; t++) {
            Tree tree = Tree.sorted(randomNodes(r, r.nextInt(12)));
            byte[] ours = tree.encode();
            byte[] reference = JACKSON.writeValueAsBytes(tree);
            assertArrayEquals(reference, ours, () -> "tree " + new String(reference, StandardCharsets.UTF_8));
            assertEquals(tree, Tree.decode(ours, "t"));
            assertEquals(JACKSON.readValue(ours, Tree.class), Tree.decode(ours, "t"));
        }
    }

    @Test
    void theReaderAcceptsAnyWhitespaceMemberOrderUnknownMembersAndNulls() throws Exception {
        String json = " {\"extra\": {\"a\": [1, -2.5e3, true, false, null, \"x\\u0041\", {}]},\n"
                + "  \"nodes\" : [ {\"symlink\": true, \"target\": \"t\\/x\", \"mtime_ns\": 4.2E1,"
                + " \"type\": \"symlink\", \"uid\": null, \"name\": \"l\", \"mode\": 511, \"later\": []},\r\n"
                + "\t{\"name\": \"z\", \"type\": \"file\", \"size\": 0, \"content\": [ ], \"mode\": 420.0}]"
                + "} ";
        Tree t = Tree.decode(json.getBytes(StandardCharsets.UTF_8), "t");
        assertEquals(
                List.of(
                        new Node(
                                "l", "symlink", 511, null, null, null, null, 42L, null, null, null, null, null, null,
                                "t/x"),
                        new Node(
                                "z", "file", 420, null, null, null, null, 0L, 0L, null, null, null, List.of(), null,
                                null)),
                t.nodes());
        assertEquals(JACKSON.readValue(json, Tree.class), t);
    }

    @Test
    void malformedTreesAreCorruptBlobs() {
        for (String bad : List.of(
                "",
                "{",
                "{\"nodes\":[}",
                "{\"nodes\":[]} x",
                "[]",
                "{\"nodes\":[null]}",
                "{\"nodes\":[{\"name\":\"a\",\"type\":\"file\",\"content\":[null]}]}",
                "{\"nodes\":[{\"name\":\"a\",\"type\":\"other\",\"mode\":1.5}]}",
                "{\"nodes\":[{\"name\":\"a\",\"type\":\"other\",\"mode\":01}]}",
                "{\"nodes\":[{\"name\":\"a\",\"type\":\"other\",\"mode\":4294967296}]}",
                "{\"nodes\":[{\"name\":\"a\\q\",\"type\":\"other\"}]}",
                "{\"nodes\":[{\"name\":\"a\u0001\",\"type\":\"other\"}]}",
                "{\"nodes\":[{\"name\":5,\"type\":\"other\"}]}",
                "{\"x\":" + "[".repeat(TreeJson.MAX_DEPTH + 1) + "]".repeat(TreeJson.MAX_DEPTH + 1)
                        + ",\"nodes\":[]}")) {
            CorruptBlobException e = assertThrows(
                    CorruptBlobException.class, () -> Tree.decode(bad.getBytes(StandardCharsets.UTF_8), "t"), bad);
            assertTrue(
                    e.getMessage().contains("not valid JSON") || e.getMessage().contains("node list"), e::getMessage);
        }
        byte[] invalidUtf8 = "{\"nodes\":[{\"name\":\"a?\",\"type\":\"other\"}]}".getBytes(StandardCharsets.UTF_8);
        invalidUtf8[20] = (byte) 0xC3;
        assertThrows(CorruptBlobException.class, () -> Tree.decode(invalidUtf8, "t"));
    }

    @Test
    void aTreeWithoutNodesHasNoNodeList() {
        CorruptBlobException e = assertThrows(
                CorruptBlobException.class, () -> Tree.decode("{\"other\":1}".getBytes(StandardCharsets.UTF_8), "t"));
        assertTrue(e.getMessage().contains("no node list"), e::getMessage);
    }

    private static List<Node> randomNodes(Random r, int count) {
        List<Node> nodes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        while (nodes.size() < count) {
            String name = randomString(r, 1 + r.nextInt(12));
            if (!Node.isSafeName(name) || !names.add(name)) {
                continue;
            }
            Attributes a = r.nextBoolean()
                    ? Attributes.unowned(r.nextInt(07777 + 1), r.nextLong())
                    : new Attributes(
                            r.nextInt(07777 + 1),
                            r.nextInt(),
                            r.nextInt(),
                            r.nextBoolean() ? randomString(r, r.nextInt(8)) : null,
                            r.nextBoolean() ? randomString(r, r.nextInt(8)) : null,
                            r.nextLong());
            nodes.add(
                    switch (r.nextInt(4)) {
                        case 0 -> {
                            List<String> content = new ArrayList<>();
                            for (int i = r.nextInt(4); i > 0; i--) {
                                content.add(hex(r));
                            }
                            yield r.nextBoolean()
                                    ? Node.file(
                                            name,
                                            a,
                                            r.nextLong() & Long.MAX_VALUE,
                                            r.nextLong(),
                                            r.nextLong(),
                                            r.nextInt(),
                                            content)
                                    : Node.file(name, a, r.nextInt(1000), null, null, null, content);
                        }
                        case 1 -> Node.dir(name, a, hex(r));
                        case 2 -> Node.symlink(name, a, randomString(r, r.nextInt(20)));
                        default -> Node.other(name, a);
                    });
        }
        return nodes;
    }

    /** Characters from every range the escaping rules treat apart. */
    private static String randomString(Random r, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            switch (r.nextInt(8)) {
                case 0 -> s.append((char) r.nextInt(0x20));
                case 1 -> s.append("\"\\/\u007f".charAt(r.nextInt(4)));
                case 2 -> s.append((char) (0x80 + r.nextInt(0x780)));
                case 3 -> s.append((char) (0x800 + r.nextInt(0xD800 - 0x800)));
                case 4 -> s.appendCodePoint(0x10000 + r.nextInt(0x10FFFF - 0x10000));
                case 5 -> s.append((char) (0xD800 + r.nextInt(0x800)));
                case 6 -> s.append((char) (0xE000 + r.nextInt(0x2000)));
                default -> s.append((char) (0x20 + r.nextInt(0x60)));
            }
        }
        return s.toString();
    }

    private static String hex(Random r) {
        byte[] id = new byte[32];
        r.nextBytes(id);
        return java.util.HexFormat.of().formatHex(id);
    }
}
