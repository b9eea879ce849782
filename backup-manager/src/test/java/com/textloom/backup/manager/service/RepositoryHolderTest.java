package com.textloom.backup.manager.service;

import com.textloom.backup.manager.config.ManagerSettings;
import com.textloom.backup.repository.KeySource;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.RepositoryException;
import com.textloom.backup.repository.SnapshotInfo;
import com.textloom.backup.repository.SnapshotSpec;
import com.textloom.backup.repository.SnapshotWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The manager's repository is created only in an empty store, never over one that lost its config (issue 11, item 2). */
class RepositoryHolderTest {
    @TempDir
    Path tmp;
    private final String key = KeySource.generateKey();

    private RepositoryHolder holder(Path repo) {
        RepositoryHolder h = new RepositoryHolder();
        h.settings = ManagerSettings.read(Map.of("BACKUP_LOCAL_DIR", repo.toString(), "BACKUP_ENCRYPTION_KEY", key)::get);
        return h;
    }

    @Test
    void aStoreWithDataButNoConfigIsAnErrorThatSaysHowToRecoverAndIsLeftAsItIs() throws Exception {
        Path repo = tmp.resolve("backups");
        RepositoryHolder first = holder(repo);
        SnapshotInfo snapshot;
        try (SnapshotWriter w = first.get().newSnapshot(SnapshotSpec.full())) {
            w.addStream("database", new ByteArrayInputStream("dump".repeat(1000).getBytes()), Map.of(), null);
            snapshot = w.commit();
        }
        first.close();
        Path config = repo.resolve("config");
        byte[] saved = Files.readAllBytes(config);
        Files.delete(config);
        List<Path> before = files(repo);

        RepositoryException e = assertThrows(RepositoryException.class, () -> holder(repo).get());
        assertTrue(e.getMessage().contains("has no config file"), e.getMessage());
        assertTrue(e.getMessage().contains("bin/textloom-backup repo copy --repo REMOTE --to local:" + repo), e.getMessage());
        assertTrue(e.getMessage().contains("snapshots/=1"), e.getMessage());
        assertEquals(before, files(repo), "nothing was written: no second key slot, no new config");

        Files.write(config, saved);
        try (Repository reopened = holder(repo).get()) {
            assertEquals(List.of(snapshot.id()), reopened.snapshots().stream().map(SnapshotInfo::id).toList(),
                    "with its config back the repository opens with its backups");
        }
    }

    @Test
    void anEmptyStoreOrOneAnInterruptedInitLeftIsInitialised() throws Exception {
        Path repo = tmp.resolve("fresh");
        assertTrue(holder(repo).get().snapshots().isEmpty());
        assertTrue(Files.exists(repo.resolve("config")));

        Path interrupted = tmp.resolve("interrupted");
        holder(interrupted).get();
        Files.delete(interrupted.resolve("config"));  // init writes the key slot, then the config
        Repository again = holder(interrupted).get();
        assertTrue(again.snapshots().isEmpty());
        assertTrue(Files.exists(interrupted.resolve("config")));
    }

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
