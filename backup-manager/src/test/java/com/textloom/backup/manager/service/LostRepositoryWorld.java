package com.textloom.backup.manager.service;

import com.textloom.backup.manager.config.ManagerSettings;
import com.textloom.backup.manager.messaging.RequestWorld;
import com.textloom.backup.repository.KeySource;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.RepositoryOptions;
import com.textloom.backup.repository.storage.local.LocalBlobStore;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * What a manager finds when it starts again after its repository directory was deleted (a disk replaced, a volume
 * lost, {@code rm -rf}): the state directory of its previous run, which backed up the workspace into its repository
 * and recorded that repository's id ({@link RepositoryIdentity}, as {@link RepositoryHolder} does), and no repository
 * directory any more: deleted for real before the manager starts.
 */
public class LostRepositoryWorld implements QuarkusTestResourceLifecycleManager {
    static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    static final String API_KEY = "lost-key-" + SUFFIX;
    static final String REQUESTS = "it.lost.requests." + SUFFIX;
    static final String EVENTS = "it.lost.events." + SUFFIX;
    static Path repository;
    static String lostId;
    /** The manager's encryption key. */
    static String key;

    @Override
    public Map<String, String> start() {
        try {
            Path root = Path.of("target", "lost-repository-it-" + SUFFIX).toAbsolutePath();
            Map<String, String> c = RequestWorld.config(root, REQUESTS, "it-lost-" + SUFFIX, EVENTS);
            c.put("BACKUP_API_KEY", "ops=" + API_KEY);
            c.put("backup.api-key", "ops=" + API_KEY);
            Files.writeString(root.resolve("workspace").resolve("notes.md"), "a note\n".repeat(100));
            RequestWorld.seedWorkspaceBackup(c, "lost-seed-" + SUFFIX, "20250820_120000");
            repository = Path.of(c.get("BACKUP_LOCAL_DIR"));
            key = c.get("BACKUP_ENCRYPTION_KEY");
            try (LocalBlobStore store = LocalBlobStore.open(repository);
                    Repository repo = Repository.open(
                            store, KeySource.key(c.get("BACKUP_ENCRYPTION_KEY")), RepositoryOptions.defaults())) {
                lostId = repo.id();
            }
            new RepositoryIdentity(ManagerSettings.read(c::get).stateDir()).remember(lostId, "local:" + repository);
            try (Stream<Path> s = Files.walk(repository)) {
                List<Path> all = s.sorted(Comparator.reverseOrder()).toList();
                for (Path p : all) {
                    Files.delete(p);
                }
            }
            return c;
        } catch (IOException e) {
            throw new IllegalStateException("cannot make the lost-repository world: " + e, e);
        }
    }

    @Override
    public void stop() {}
}
