package com.textloom.backup.manager.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.manager.config.ManagerSettings;
import com.textloom.backup.repository.KeySource;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.RepositoryException;
import com.textloom.backup.repository.SnapshotInfo;
import com.textloom.backup.repository.SnapshotSpec;
import com.textloom.backup.repository.SnapshotWriter;
import com.textloom.backup.repository.TestTrees;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manager's repository is created only in an empty store, never over one that lost its config (issue 11, item 2). */
class RepositoryHolderTest {
    @TempDir
    Path tmp;

    private final String key = KeySource.generateKey();

    private RepositoryHolder holder(Path repo) {
        RepositoryHolder h = new RepositoryHolder();
        h.settings =
                ManagerSettings.read(Map.of("BACKUP_LOCAL_DIR", repo.toString(), "BACKUP_ENCRYPTION_KEY", key)::get);
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

        RepositoryException e =
                assertThrows(RepositoryException.class, () -> holder(repo).get());
        assertTrue(e.getMessage().contains("has no config file"), e.getMessage());
        assertTrue(
                e.getMessage().contains("bin/textloom-backup repo copy --repo REMOTE --to local:" + repo),
                e.getMessage());
        assertTrue(e.getMessage().contains("snapshots/=1"), e.getMessage());
        assertEquals(before, files(repo), "nothing was written: no second key slot, no new config");

        Files.write(config, saved);
        try (Repository reopened = holder(repo).get()) {
            assertEquals(
                    List.of(snapshot.id()),
                    reopened.snapshots().stream().map(SnapshotInfo::id).toList(),
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
        // init writes the key slot, then the config, then the manager records its id: stopped in between, neither
        Files.delete(interrupted.resolve("config"));
        Files.delete(tmp.resolve("interrupted-manager-state").resolve("repository.json"));
        Repository again = holder(interrupted).get();
        assertTrue(again.snapshots().isEmpty());
        assertTrue(Files.exists(interrupted.resolve("config")));
    }

    @Test
    void aRepositoryDeletedAfterUseIsReportedLostAndNoEmptyOneTakesItsPlace() throws Exception {
        Path repo = tmp.resolve("backups");
        String id = used(repo).id();
        Path state = tmp.resolve("backups-manager-state").resolve("repository.json");
        assertTrue(
                Files.readString(state).contains(id), "the manager recorded the id of the repository it initialised");
        assertEquals(
                "rw-------",
                java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));

        TestTrees.deleteTree(repo); // rm -rf of the repository, the manager restarted (a new holder: nothing in memory)
        java.io.IOException gone =
                assertThrows(java.io.IOException.class, () -> holder(repo).get());
        assertTrue(gone.getMessage().contains("is gone from local:" + repo), gone.getMessage());
        assertTrue(gone.getMessage().contains("id " + id.substring(0, 8)), gone.getMessage());
        assertTrue(
                gone.getMessage().contains("bin/textloom-backup repo copy --repo REMOTE --to local:" + repo),
                gone.getMessage());
        assertTrue(gone.getMessage().contains("POST /api/repository/accept-new"), gone.getMessage());
        assertTrue(!Files.exists(repo), "no directory, no new repository was created where the lost one was");

        Files.createDirectories(repo); // the volume mounted again, empty
        java.io.IOException empty =
                assertThrows(java.io.IOException.class, () -> holder(repo).get());
        assertTrue(empty.getMessage().contains("it is empty"), empty.getMessage());
        assertEquals(List.of(), files(repo), "nothing was written into the empty directory");
    }

    @Test
    void anotherRepositoryInItsPlaceIsReportedReplacedAndTheRightOneOpensAgain() throws Exception {
        Path repo = tmp.resolve("backups");
        Used used = used(repo);
        String id = used.id();
        String snapshot = used.snapshot();
        Path moved = Files.move(repo, tmp.resolve("moved-away"));
        try (Repository other = Repository.init(
                com.textloom.backup.repository.storage.local.LocalBlobStore.open(repo),
                KeySource.key(key),
                com.textloom.backup.repository.RepositoryOptions.defaults())) {
            backup(other);
        }
        List<Path> before = files(repo);
        java.io.IOException replaced =
                assertThrows(java.io.IOException.class, () -> holder(repo).get());
        assertTrue(replaced.getMessage().contains("is not the one this manager backs up into"), replaced.getMessage());
        assertTrue(replaced.getMessage().contains("the manager's is " + id.substring(0, 8)), replaced.getMessage());
        assertEquals(before, files(repo), "nothing was written into the other repository");

        TestTrees.deleteTree(repo);
        Files.move(moved, repo);
        try (Repository back = holder(repo).get()) {
            assertEquals(id, back.id());
            assertEquals(
                    List.of(snapshot),
                    back.snapshots().stream().map(SnapshotInfo::id).toList());
        }
    }

    @Test
    void aNewRepositoryIsAcceptedOnlyWhenTheOperatorNamesTheLostOne() throws Exception {
        Path repo = tmp.resolve("backups");
        String id = used(repo).id();
        TestTrees.deleteTree(repo);

        RepositoryHolder restarted = holder(repo);
        assertThrows(RepositoryLostException.class, restarted::get);
        assertEquals(RepositoryLostException.Kind.LOST, restarted.lost().kind());
        assertEquals("lost", restarted.identityStatus().get("state"));
        IllegalArgumentException wrong =
                assertThrows(IllegalArgumentException.class, () -> restarted.acceptNew("deadbeef"));
        assertTrue(wrong.getMessage().startsWith("forget_repository_id: "), wrong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> restarted.acceptNew(null));
        assertTrue(!Files.exists(repo));

        RepositoryHolder.Accepted accepted = restarted.acceptNew(id.substring(0, 8));
        assertEquals(id, accepted.forgottenId());
        assertTrue(!accepted.id().equals(id), "a new repository");
        assertEquals(0, accepted.snapshots());
        assertEquals("ok", restarted.identityStatus().get("state"));
        restarted.close();
        try (Repository again = holder(repo).get()) {
            assertEquals(accepted.id(), again.id(), "the new repository is the manager's from now on");
        }
    }

    @Test
    void aRepositoryPutBackIsInUseAgainAtTheNextRecheckWithoutAJob() throws Exception {
        Path repo = tmp.resolve("backups");
        RepositoryHolder running = holder(repo);
        String id = running.get().id();
        backup(running.get());
        Path copy = tmp.resolve("replica");
        copyTree(repo, copy);

        TestTrees.deleteTree(repo);
        running.recheck();
        assertEquals(RepositoryLostException.Kind.LOST, running.lost().kind());
        running.recheck();
        assertEquals("lost", running.identityStatus().get("state"));
        assertTrue(!Files.exists(repo), "a recheck creates nothing where the repository was");

        copyTree(copy, repo); // as `repo copy` from a replica puts it back
        running.recheck();
        assertEquals(null, running.lost(), "back at the next recheck (the health probe), before any job");
        assertEquals("ok", running.identityStatus().get("state"));

        Path moved = tmp.resolve("moved");
        Files.move(repo, moved);
        try (Repository other = Repository.init(
                com.textloom.backup.repository.storage.local.LocalBlobStore.open(repo),
                KeySource.key(key),
                com.textloom.backup.repository.RepositoryOptions.defaults())) {
            backup(other);
        }
        running.recheck();
        assertEquals(RepositoryLostException.Kind.REPLACED, running.lost().kind());
        running.recheck();
        assertEquals(RepositoryLostException.Kind.REPLACED, running.lost().kind());
        TestTrees.deleteTree(repo);
        Files.move(moved, repo);
        running.recheck();
        assertEquals(null, running.lost());
        assertEquals(id, running.get().id());
        running.close();
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Files.copy(
                        p, to.resolve(from.relativize(p).toString()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private record Used(String id, String snapshot) {}

    /** A manager's run on {@code repo}: it initialises the repository (recording its id), backs up once, stops. */
    private Used used(Path repo) throws Exception {
        RepositoryHolder first = holder(repo);
        Used u = new Used(first.get().id(), backup(first.get()));
        first.close();
        return u;
    }

    private static String backup(Repository repository) throws Exception {
        try (SnapshotWriter w = repository.newSnapshot(SnapshotSpec.full())) {
            w.addStream("database", new ByteArrayInputStream("dump".repeat(1000).getBytes()), Map.of(), null);
            return w.commit().id();
        }
    }

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
