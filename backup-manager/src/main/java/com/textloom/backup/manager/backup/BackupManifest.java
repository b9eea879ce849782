package com.textloom.backup.manager.backup;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * The manager's record of one backup, stored as the last stream of its snapshot
 * ({@value #STREAM}): so the catalog of backups lives in the repository itself and survives the
 * loss of everything else. Its stream metadata repeats {@code status}, {@code backup_id} and
 * {@code type}, so listing needs no download.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupManifest(String backupId, String requestId, String type, String status, String requestedBy,
                             Instant startedAt, Instant completedAt, List<ComponentOutcome> components, String error) {
    public static final String STREAM = "backup-manifest";
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static BackupManifest fromJson(ByteArrayOutputStream bytes) throws IOException {
        return JSON.readValue(bytes.toByteArray(), BackupManifest.class);
    }
}
