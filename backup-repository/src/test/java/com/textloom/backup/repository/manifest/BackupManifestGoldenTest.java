package com.textloom.backup.repository.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.textloom.backup.repository.KeySource;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.RepositoryOptions;
import com.textloom.backup.repository.SnapshotInfo;
import com.textloom.backup.repository.SnapshotSpec;
import com.textloom.backup.repository.SnapshotWriter;
import com.textloom.backup.repository.storage.local.LocalBlobStore;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup manifest's format, pinned: backup-manager writes it and disaster-recovery reads it from remote copies
 * that outlive any one version of either, so a change here must be one both can read (the golden file is what
 * repositories already hold).
 */
class BackupManifestGoldenTest {
    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final BackupManifest EXAMPLE = new BackupManifest(
            "20261203_121533",
            "req-7f3c",
            "full",
            "partial",
            "scheduler",
            Instant.parse("2026-12-03T12:15:33Z"),
            Instant.parse("2026-12-03T12:16:01.250Z"),
            List.of(
                    new ComponentOutcome(
                            "database",
                            true,
                            Map.of("table.public.docs.rows", "120"),
                            List.of("roles without passwords"),
                            null,
                            2150),
                    new ComponentOutcome("redis", false, Map.of(), List.of(), "redis: connection refused", 12)),
            "redis: connection refused");

    @TempDir
    Path tmp;

    private static byte[] golden() throws Exception {
        try (InputStream in = BackupManifestGoldenTest.class.getResourceAsStream("/golden/backup-manifest.json")) {
            return in.readAllBytes();
        }
    }

    @Test
    void writesTheGoldenDocumentKeyForKeyInItsOrder() throws Exception {
        byte[] written = EXAMPLE.toJson();
        assertEquals(PLAIN.readTree(golden()), PLAIN.readTree(written));
        List<String> keys = PLAIN.readTree(written).properties().stream()
                .map(Map.Entry::getKey)
                .toList();
        assertEquals(
                List.of(
                        "backup_id",
                        "request_id",
                        "type",
                        "status",
                        "requested_by",
                        "started_at",
                        "completed_at",
                        "components",
                        "error"),
                keys);
    }

    @Test
    void readsTheGoldenDocumentAndIgnoresKeysItDoesNotKnow() throws Exception {
        assertEquals(EXAMPLE, BackupManifest.fromJson(golden()));
        ObjectNode newer = (ObjectNode) PLAIN.readTree(golden());
        newer.put("written_by", "a later manager");
        ((ObjectNode) newer.get("components").get(0)).put("bytes", 42);
        assertEquals(EXAMPLE, BackupManifest.fromJson(PLAIN.writeValueAsBytes(newer)));
    }

    @Test
    void aSnapshotCarriesItAsItsLastStreamWithTheListingMetadata() throws Exception {
        KeySource key = KeySource.key(KeySource.generateKey());
        try (LocalBlobStore store = LocalBlobStore.open(tmp.resolve("repo"));
                Repository repo = Repository.init(store, key, RepositoryOptions.defaults())) {
            SnapshotInfo s;
            try (SnapshotWriter w = repo.newSnapshot(SnapshotSpec.full()
                    .withTags(
                            BackupManifest.BACKUP_TAG + EXAMPLE.backupId(),
                            BackupManifest.REQUEST_TAG + EXAMPLE.requestId()))) {
                w.addStream(
                        "database",
                        new java.io.ByteArrayInputStream(new byte[] {1}),
                        Map.of(),
                        com.textloom.backup.repository.ProgressListener.NONE);
                w.addStream(
                        "workspace-extra",
                        new java.io.ByteArrayInputStream(new byte[] {2}),
                        Map.of(),
                        com.textloom.backup.repository.ProgressListener.NONE);
                EXAMPLE.addTo(w);
                s = w.commit();
            }
            SnapshotInfo listed = repo.snapshots().get(0);
            assertEquals(s.id(), listed.id());
            assertEquals(java.util.Optional.of("20261203_121533"), BackupManifest.backupId(listed));
            assertEquals(
                    Map.of(
                            "status",
                            "partial",
                            "backup_id",
                            "20261203_121533",
                            "type",
                            "full",
                            "request_id",
                            "req-7f3c",
                            "requested_by",
                            "scheduler"),
                    BackupManifest.metadata(listed));
            assertEquals("full", BackupManifest.type(listed));
            assertEquals("partial", BackupManifest.status(listed));
            assertEquals(List.of("database", "workspace"), BackupManifest.componentsIn(listed));
            assertEquals(EXAMPLE, BackupManifest.read(repo, listed));
        }
    }
}
