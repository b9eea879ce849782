package com.textloom.backup.repository.manifest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.textloom.backup.repository.ComponentInfo;
import com.textloom.backup.repository.ProgressListener;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.SnapshotInfo;
import com.textloom.backup.repository.SnapshotWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The suite's record of one backup, kept in the repository with the backup itself so that the catalogue of backups
 * is the repository and survives the loss of everything else. The one definition of this format: backup-manager
 * writes it ({@link #addTo}) and reads it; disaster-recovery reads it straight from a remote copy when the manager's
 * own repository is lost.
 *
 * <p>The format, in a repository:
 * <ul>
 *   <li>a backup is a snapshot tagged {@code backup:<backup id>} ({@link #BACKUP_TAG}) and
 *       {@code request:<request id>} ({@link #REQUEST_TAG}); its components are the streams or trees named after the
 *       component, or starting with the component and a dash ({@link #partOf});</li>
 *   <li>its last stream is {@value #STREAM}: this record as one small JSON document, snake_case keys
 *       ({@code backup_id}, {@code request_id}, {@code type}, {@code status}, {@code requested_by},
 *       {@code started_at} / {@code completed_at} as ISO-8601 instants, {@code components[]} of
 *       {@code component}, {@code ok}, {@code figures} (string to string), {@code warnings}, {@code error},
 *       {@code duration_ms}, and {@code error}); unknown keys are ignored when read, so fields can be added;</li>
 *   <li>that stream's metadata repeats {@code status}, {@code backup_id}, {@code type}, {@code request_id} and
 *       {@code requested_by}, so listing backups needs no download ({@link #type}, {@link #status}).</li>
 * </ul>
 * Pinned by {@code BackupManifestGoldenTest} (src/test/resources/golden/backup-manifest.json).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupManifest(
        String backupId,
        String requestId,
        String type,
        String status,
        String requestedBy,
        Instant startedAt,
        Instant completedAt,
        List<ComponentOutcome> components,
        String error) {
    /** The stream the record is stored in, the snapshot's last. */
    public static final String STREAM = "backup-manifest";
    /** The tag naming a snapshot's backup id: {@code backup:<id>}. */
    public static final String BACKUP_TAG = "backup:";
    /** The tag naming the request a backup was made for: {@code request:<id>}. */
    public static final String REQUEST_TAG = "request:";
    /** The guide's components, in its order. */
    public static final List<String> COMPONENTS = List.of("database", "redis", "workspace", "logs");

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** The record as stored. */
    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A stored record. */
    public static BackupManifest fromJson(byte[] json) throws IOException {
        return JSON.readValue(json, BackupManifest.class);
    }

    /** Adds the record to the snapshot being written, as its {@value #STREAM} stream with the listing metadata. */
    public void addTo(SnapshotWriter writer) throws IOException {
        writer.addStream(
                STREAM,
                new ByteArrayInputStream(toJson()),
                Map.of(
                        "status",
                        status,
                        "backup_id",
                        backupId,
                        "type",
                        type,
                        "request_id",
                        requestId,
                        "requested_by",
                        requestedBy),
                ProgressListener.NONE);
    }

    /** The record of a backup's snapshot (one small document is downloaded). */
    public static BackupManifest read(Repository repo, SnapshotInfo snapshot) throws IOException {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        repo.dumpStream(snapshot.id(), STREAM, json);
        return fromJson(json.toByteArray());
    }

    /** The backup id of a snapshot, from its {@code backup:} tag; empty when it is not a backup. */
    public static Optional<String> backupId(SnapshotInfo snapshot) {
        return snapshot.tags().stream()
                .filter(t -> t.startsWith(BACKUP_TAG))
                .map(t -> t.substring(BACKUP_TAG.length()))
                .findFirst();
    }

    /** A backup's type from the listing metadata ({@code full}, {@code incremental}, ...), else the snapshot's. */
    public static String type(SnapshotInfo snapshot) {
        return metadata(snapshot).getOrDefault("type", snapshot.type().name().toLowerCase(Locale.ROOT));
    }

    /** A backup's status from the listing metadata ({@code success}, {@code partial}); {@code success} when absent. */
    public static String status(SnapshotInfo snapshot) {
        return metadata(snapshot).getOrDefault("status", "success");
    }

    /** The listing metadata of a backup's snapshot (empty when it has no {@value #STREAM}). */
    public static Map<String, String> metadata(SnapshotInfo snapshot) {
        return snapshot.component(STREAM).map(ComponentInfo::metadata).orElse(Map.of());
    }

    /**
     * The components a backup's snapshot holds parts of, in the guide's order, from the listing alone (no download);
     * whether each succeeded is in the record ({@link #components()}).
     */
    public static List<String> componentsIn(SnapshotInfo snapshot) {
        return COMPONENTS.stream()
                .filter(c -> snapshot.components().stream().anyMatch(part -> partOf(c, part.name())))
                .toList();
    }

    /** Whether a stored stream or tree named {@code part} belongs to {@code component}. */
    public static boolean partOf(String component, String part) {
        return part.equals(component) || part.startsWith(component + "-");
    }
}
