package com.textloom.backup.manager.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.manager.config.ManagerSettings;
import com.textloom.backup.manager.service.RepositoryHolder;
import com.textloom.backup.repository.KeySource;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.SnapshotInfo;
import com.textloom.backup.repository.SnapshotSpec;
import com.textloom.backup.repository.SnapshotWriter;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage switch is kept in the state directory: a manager started again (a new {@link StorageSelection} on the
 * same state dir) still uses the remote, its repository handle follows the switch and back, and a state file it
 * cannot read stops the use of the repository instead of silently going back to the configured one.
 */
class StorageSelectionTest {
    @TempDir
    Path tmp;

    private final String key = KeySource.generateKey();

    private ManagerSettings settings() {
        return ManagerSettings.read(Map.of(
                "BACKUP_LOCAL_DIR",
                tmp.resolve("local").toString(),
                "BACKUP_REMOTES",
                "local:" + tmp.resolve("remote"),
                "BACKUP_STATE_DIR",
                tmp.resolve("state").toString(),
                "BACKUP_ENCRYPTION_KEY",
                key)::get);
    }

    private StorageSelection selection() {
        StorageSelection s = new StorageSelection();
        s.settings = settings();
        return s;
    }

    private RepositoryHolder holder(StorageSelection selection) throws Exception {
        RepositoryHolder h = new RepositoryHolder();
        set(h, "settings", settings());
        set(h, "selection", selection);
        return h;
    }

    @Test
    void aSwitchToARemoteSurvivesARestartAndTheRepositoryFollowsItAndBack() throws Exception {
        String remote = "local:" + tmp.resolve("remote");
        StorageSelection first = selection();
        assertFalse(first.switched());
        assertEquals(tmp.resolve("local").toString(), first.activeUri());
        assertEquals(remote, first.remoteNamed(first.shown(remote)).orElseThrow());
        assertTrue(first.remoteNamed("local").isEmpty(), "local names the configured repository, never a remote");
        assertEquals(tmp.resolve("local").toString(), first.sourceUri("local").orElseThrow());

        SnapshotInfo onRemote;
        RepositoryHolder remoteOnly = holder(null); // the remote's own repository, written directly
        set(
                remoteOnly,
                "settings",
                ManagerSettings.read(Map.of(
                        "BACKUP_LOCAL_DIR", tmp.resolve("remote").toString(), "BACKUP_ENCRYPTION_KEY", key)::get));
        try (SnapshotWriter w = remoteOnly.get().newSnapshot(SnapshotSpec.full())) {
            w.addStream("database", new ByteArrayInputStream("dump".repeat(100).getBytes()), Map.of(), null);
            onRemote = w.commit();
        }

        first.use(remote, "req-1", "rec_1", "disaster-recovery");
        first.remember("req-1");
        Path file = tmp.resolve("state").resolve(StorageSelection.FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        StorageSelection restarted = selection();
        assertTrue(restarted.switched(), "a restarted manager keeps using the remote");
        assertEquals(remote, restarted.activeUri());
        assertTrue(restarted.handled("req-1"));
        Map<String, Object> status = restarted.status();
        assertEquals(true, status.get("switched"));
        assertEquals("rec_1", status.get("recovery_id"));
        assertTrue(String.valueOf(status.get("active")).contains("remote"), status.toString());

        RepositoryHolder holder = holder(restarted);
        Repository repo = holder.get();
        String remoteId = repo.id();
        assertEquals(
                List.of(onRemote.id()),
                repo.snapshots().stream().map(SnapshotInfo::id).toList());
        assertTrue(holder.describe().contains("remote"));
        assertEquals(List.of(), holder.remotes(), "the remote in use is not copied onto itself");
        assertFalse(Files.exists(tmp.resolve("local")), "the configured repository is not touched while switched");

        restarted.use(null, "req-2", "rec_1", "disaster-recovery");
        // the configured repository never existed: the manager backed up into the remote's repository, so an
        // empty one in its place would break the chain to the remote; it is refused until rebuilt or accepted
        com.textloom.backup.manager.service.RepositoryLostException lost =
                assertThrows(com.textloom.backup.manager.service.RepositoryLostException.class, holder::get);
        assertTrue(lost.getMessage().contains("accept-new"), lost.getMessage());
        assertFalse(Files.exists(tmp.resolve("local")), "nothing created in its place");
        holder.acceptNew(remoteId);
        Repository back = holder.get();
        assertTrue(back.snapshots().isEmpty(), "back on the configured repository, a new one accepted on purpose");
        assertTrue(Files.isRegularFile(tmp.resolve("local").resolve("config")));
        assertEquals(List.of(remote), holder.remotes());
        assertFalse(selection().switched());
    }

    /**
     * {@code use_remote} to a remote that holds another repository (or none) is refused before anything is persisted:
     * the manager's switch state, its remembered repository id and its repository stay as they were. Seen failing
     * before the fix: the switch to the other repository was saved, then the manager's every use of its repository
     * failed as "replaced".
     */
    @Test
    void useRemoteToAnotherRepositoryOrNoneIsRefusedAndNothingIsSaved() throws Exception {
        StorageSelection selection = selection();
        RepositoryHolder holder = holder(selection);
        String ours = holder.get().id();
        Path remoteDir = Files.createDirectories(tmp.resolve("remote"));
        String theirs;
        try (Repository other = Repository.init(
                com.textloom.backup.repository.storage.local.LocalBlobStore.open(remoteDir),
                KeySource.key(key),
                com.textloom.backup.repository.RepositoryOptions.defaults())) {
            theirs = other.id();
        }
        StorageSwitcher switcher = new StorageSwitcher();
        switcher.settings = settings();
        switcher.selection = selection;
        switcher.repositories = holder;
        List<com.textloom.backup.events.SuiteEvent> published = new java.util.ArrayList<>();
        switcher.events = published::add;
        switcher.audit = new com.textloom.backup.support.audit.AuditLog();

        com.textloom.backup.events.StorageSwitchCompleted done = switcher.run(useRemote("switch-other"));
        assertEquals(com.textloom.backup.events.Outcome.FAILED, done.status(), done.toString());
        assertTrue(
                done.error().contains(theirs.substring(0, 8))
                        && done.error().contains(ours.substring(0, 8))
                        && done.error().contains("another repository"),
                done.error());
        assertFalse(selection.switched(), "the switch is not made");
        assertFalse(selection().switched(), "nor saved: a restarted manager uses its repository");
        assertEquals(ours, holder.get().id(), "the manager's repository still opens");
        assertEquals("ok", holder.identityStatus().get("state"));
        assertEquals(List.of(done), published);

        // a remote that holds no repository at all: refused the same way
        try (java.util.stream.Stream<Path> files = Files.walk(remoteDir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .filter(p -> !p.equals(remoteDir))
                    .forEach(p -> p.toFile().delete());
        }
        com.textloom.backup.events.StorageSwitchCompleted none = switcher.run(useRemote("switch-none"));
        assertEquals(com.textloom.backup.events.Outcome.FAILED, none.status(), none.toString());
        assertFalse(selection().switched());
        assertEquals(ours, holder.get().id());
    }

    private com.textloom.backup.events.StorageSwitchRequested useRemote(String id) {
        return new com.textloom.backup.events.StorageSwitchRequested(
                id,
                "default",
                com.textloom.backup.events.StorageSwitchRequested.USE_REMOTE,
                "local:" + tmp.resolve("remote"),
                false,
                "disaster-recovery",
                java.time.Instant.now(),
                null);
    }

    @Test
    void aStateFileThatCannotBeReadStopsTheUseOfTheRepository() throws Exception {
        Files.createDirectories(tmp.resolve("state"));
        Files.writeString(tmp.resolve("state").resolve(StorageSelection.FILE), "{not json");
        StorageSelection s = selection();
        IllegalStateException e = assertThrows(IllegalStateException.class, s::activeUri);
        assertTrue(e.getMessage().contains("storage.json"), e.getMessage());
        assertTrue(String.valueOf(s.status().get("error")).contains("cannot be read"));
    }

    private static void set(Object target, String field, Object value) throws Exception {
        Field f = target.getClass().getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }
}
