import com.textloom.backup.events.BackupCompleted;
import com.textloom.backup.events.BackupProgress;
import com.textloom.backup.events.BackupRequested;
import com.textloom.backup.events.BackupStarted;
import com.textloom.backup.events.BackupType;
import com.textloom.backup.events.ComponentResult;
import com.textloom.backup.events.RestoreCompleted;
import com.textloom.backup.events.RestoreRequested;
import com.textloom.backup.events.RestoredComponent;
import com.textloom.backup.manager.backup.BackupExecutor;
import com.textloom.backup.manager.backup.Sources;
import com.textloom.backup.manager.config.ManagerSettings;
import com.textloom.backup.manager.restore.RestoreExecutor;
import com.textloom.backup.manager.restore.RestorePlan;
import com.textloom.backup.repository.KeySource;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.RepositoryOptions;
import com.textloom.backup.repository.SnapshotInfo;
import com.textloom.backup.repository.storage.local.LocalBlobStore;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Drives the manager's own backup and restore code for the benchmarks, without Kafka and REST:
 * {@code BackupExecutor} with the manager's {@code Sources} into a {@code RepositorySink}, and
 * {@code RestoreExecutor} with a {@code RestorePlan}, exactly the calls the manager's {@code requests.BackupHandler} and {@code RestoreHandler} make
 * for a BackupRequested / RestoreRequested. Settings come from the guide's environment variables
 * ({@code DATABASE_URL}, {@code REDIS_URL}, {@code BACKUP_ENCRYPTION_KEY}, {@code BACKUP_PARALLEL_JOBS},
 * {@code BACKUP_COMPRESSION_LEVEL} ...) as in the service. The time printed is that of the executor
 * call alone: the service is long-running, so JVM start-up and opening the repository are not part
 * of a backup or restore it runs.
 *
 * <pre>
 *   key                                        prints a new BACKUP_ENCRYPTION_KEY
 *   init REPO_DIR
 *   backup REPO_DIR COMPONENT                  prints: RESULT seconds status backup_id bytes_read bytes_new
 *   restore REPO_DIR BACKUP_ID COMPONENT TARGET  (a database name, or a redis:// URL)
 *                                              prints: RESULT seconds status equal compared_figures
 * </pre>
 */
public class ManagerDriver {
    public static void main(String[] args) throws Exception {
        if (args[0].equals("key")) {
            System.out.println(KeySource.generateKey());
            return;
        }
        ManagerSettings settings = ManagerSettings.read(System::getenv);
        KeySource key = KeySource.fromEnvironment(settings.environment());
        RepositoryOptions options = RepositoryOptions.fromEnvironment(settings.environment());
        Path dir = Path.of(args[1]);
        switch (args[0]) {
            case "init" -> Repository.init(LocalBlobStore.open(dir), key, options).close();
            case "backup" -> {
                try (Repository repo = Repository.open(LocalBlobStore.open(dir), key, options)) {
                    backup(repo, settings, args[2]);
                }
            }
            case "restore" -> {
                try (Repository repo = Repository.open(LocalBlobStore.open(dir), key, options)) {
                    restore(repo, settings, args[2], args[3], args[4]);
                }
            }
            default -> throw new IllegalArgumentException("usage: init|backup|restore ...");
        }
    }

    static void backup(Repository repo, ManagerSettings settings, String component) {
        String backupId = "bench_" + System.currentTimeMillis();
        BackupRequested req = new BackupRequested(UUID.randomUUID().toString(), settings.repositoryName(), BackupType.FULL,
                List.of(component), "bench", Instant.now(), backupId, null, null);
        long t0 = System.nanoTime();
        BackupCompleted done = new BackupExecutor(Clock.systemUTC(), "bench").run(repo, req, backupId,
                names -> Sources.forComponents(names, settings), Set.of(), new BackupExecutor.Listener() {
                    @Override
                    public void started(BackupStarted event) {
                    }

                    @Override
                    public void progress(BackupProgress event) {
                    }
                });
        double secs = (System.nanoTime() - t0) / 1e9;
        ComponentResult c = done.components().isEmpty() ? null : done.components().get(0);
        if (done.error() != null) {
            System.err.println("backup error: " + done.error());
        }
        System.out.printf("RESULT %.2f %s %s %d %d%n", secs, done.status().name().toLowerCase(), backupId,
                c == null ? 0 : c.bytesRead(), c == null ? 0 : c.bytesNew());
        if (c != null) {
            System.err.println("figures: " + c.figures().size() + " recorded");
        }
    }

    static void restore(Repository repo, ManagerSettings settings, String backupId, String component, String target)
            throws Exception {
        SnapshotInfo snapshot = repo.snapshots().stream()
                .filter(s -> s.tags().contains(BackupExecutor.BACKUP_TAG + backupId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no backup " + backupId));
        boolean database = component.equals("database");
        RestoreRequested req = new RestoreRequested(UUID.randomUUID().toString(), settings.repositoryName(), backupId,
                List.of(component), null, database ? target : null, database ? null : target, false, false, "bench",
                Instant.now(), null);
        RestorePlan plan = RestorePlan.of(req, snapshot, backupId, settings);
        long t0 = System.nanoTime();
        RestoreCompleted done = new RestoreExecutor(Clock.systemUTC(), settings.parallelJobs(), settings.toolLimits()).run(repo, snapshot, req, plan);
        double secs = (System.nanoTime() - t0) / 1e9;
        RestoredComponent c = done.components().get(0);
        if (done.error() != null) {
            System.err.println("restore error: " + done.error());
        }
        System.out.printf("RESULT %.2f %s %s %d%n", secs, done.status().name().toLowerCase(), c.equal(), c.comparisons().size());
    }
}
