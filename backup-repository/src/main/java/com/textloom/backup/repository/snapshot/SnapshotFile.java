package com.textloom.backup.repository.snapshot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.textloom.backup.repository.ComponentInfo;
import com.textloom.backup.repository.CorruptBlobException;
import com.textloom.backup.repository.SnapshotInfo;
import com.textloom.backup.repository.SnapshotType;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The JSON of a snapshot manifest {@code snapshots/<id>} (FORMAT.md §8). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SnapshotFile(
        int version,
        String id,
        String time,
        String type,
        List<String> tags,
        String parent,
        String host,
        List<Component> components) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** A component: {@code kind} is {@code tree} or {@code stream}; {@code root} a tree blob id. */
    public record Component(
            String name,
            String kind,
            String root,
            long files,
            long dirs,
            long bytes,
            long newBytes,
            long unchangedFiles,
            Map<String, String> metadata) {

        public ComponentInfo info() {
            return new ComponentInfo(
                    name,
                    "stream".equals(kind) ? ComponentInfo.Kind.STREAM : ComponentInfo.Kind.TREE,
                    files,
                    dirs,
                    bytes,
                    newBytes,
                    unchangedFiles,
                    metadata);
        }
    }

    public SnapshotInfo info() {
        return new SnapshotInfo(
                id,
                Instant.parse(time),
                SnapshotType.fromWireName(type),
                new TreeSet<>(tags),
                parent,
                host,
                components.stream().map(Component::info).toList());
    }

    public Component component(String name) {
        return components.stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElse(null);
    }

    public byte[] encode() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SnapshotFile decode(byte[] json, String name) throws CorruptBlobException {
        SnapshotFile s;
        try {
            s = JSON.readValue(json, SnapshotFile.class);
        } catch (IOException e) {
            throw new CorruptBlobException(name, null, "snapshot is not valid JSON: " + e.getMessage());
        }
        if (s.version != 1
                || s.id == null
                || s.time == null
                || s.type == null
                || s.components == null
                || s.tags == null) {
            throw new CorruptBlobException(name, null, "snapshot misses fields or has unknown version " + s.version);
        }
        return s;
    }
}
