package com.textloom.backup.repository.tree;

import com.textloom.backup.repository.CorruptBlobException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One directory: the JSON of a tree blob, {@code {"nodes": [...]}} sorted by name (FORMAT.md
 * §8). Encoding is deterministic, so equal directories get equal blob ids and deduplicate; the
 * JSON is written and read by {@link TreeJson}.
 */
public record Tree(List<Node> nodes) {

    public Tree {
        nodes = List.copyOf(nodes);
    }

    /** A tree of these nodes, sorted by name. */
    public static Tree sorted(List<Node> nodes) {
        List<Node> copy = new ArrayList<>(nodes);
        copy.sort(Comparator.comparing(Node::name));
        return new Tree(copy);
    }

    /** The node named {@code name} (binary search), or {@code null}. */
    public Node find(String name) {
        int lo = 0;
        int hi = nodes.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = nodes.get(mid).name().compareTo(name);
            if (c == 0) {
                return nodes.get(mid);
            } else if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return null;
    }

    /** The canonical JSON of FORMAT.md §8, nodes in this tree's order. */
    public byte[] encode() {
        return TreeJson.encode(this);
    }

    /**
     * Decodes and validates a tree blob: names safe and unique, sorted, fields present for their
     * type.
     */
    public static Tree decode(byte[] json, String blobId) throws CorruptBlobException {
        List<Node> decoded;
        try {
            decoded = TreeJson.decodeNodes(json);
        } catch (TreeJson.Malformed e) {
            throw new CorruptBlobException(blobId, null, "tree is not valid JSON: " + e.getMessage());
        }
        if (decoded == null) {
            throw new CorruptBlobException(blobId, null, "tree has no node list");
        }
        Tree t = new Tree(decoded);
        String prev = null;
        for (Node n : t.nodes) {
            if (!Node.isSafeName(n.name())) {
                throw new CorruptBlobException(blobId, null, "unsafe entry name '" + n.name() + "'");
            }
            if (prev != null && prev.compareTo(n.name()) >= 0) {
                throw new CorruptBlobException(blobId, null, "entries not sorted or duplicated at '" + n.name() + "'");
            }
            prev = n.name();
            if (n.type() == null
                    || (n.isDir() && n.subtree() == null)
                    || (n.isFile() && n.content() == null)
                    || (n.isSymlink() && n.target() == null)) {
                throw new CorruptBlobException(blobId, null, "entry '" + n.name() + "' misses fields for its type");
            }
        }
        return t;
    }
}
