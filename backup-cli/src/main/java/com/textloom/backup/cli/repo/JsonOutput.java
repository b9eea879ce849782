package com.textloom.backup.cli.repo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.textloom.backup.repository.ComponentInfo;
import com.textloom.backup.repository.SnapshotInfo;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;

/** The {@code --json} output of the commands: snake_case fields, ISO-8601 times, one document. */
final class JsonOutput {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonOutput() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    static void print(PrintStream out, Object node) {
        try {
            out.println(MAPPER.writeValueAsString(node));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A snapshot as {@code repo snapshots --json} and {@code repo backup --json} print it. */
    static ObjectNode snapshot(SnapshotInfo s) {
        ObjectNode n = object();
        n.put("id", s.id());
        n.put("short_id", s.shortId());
        n.put("time", s.time().toString());
        n.put("type", s.type().wireName());
        ArrayNode tags = n.putArray("tags");
        s.tags().stream().sorted().forEach(tags::add);
        n.put("parent", s.parent());
        n.put("host", s.host());
        n.put("total_bytes", s.totalBytes());
        ArrayNode comps = n.putArray("components");
        for (ComponentInfo c : s.components()) {
            ObjectNode cn = comps.addObject();
            cn.put("name", c.name());
            cn.put("kind", c.kind().name().toLowerCase(java.util.Locale.ROOT));
            cn.put("files", c.files());
            cn.put("dirs", c.dirs());
            cn.put("bytes", c.bytes());
            cn.put("new_bytes", c.newBytes());
            cn.put("unchanged_files", c.unchangedFiles());
            ObjectNode meta = cn.putObject("metadata");
            for (Map.Entry<String, String> e : new TreeMap<>(c.metadata()).entrySet()) {
                meta.put(e.getKey(), e.getValue());
            }
        }
        return n;
    }
}
