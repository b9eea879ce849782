package com.textloom.backup.manager.service;

import com.textloom.backup.manager.config.ManagerSettings;
import com.textloom.backup.manager.ha.ManagerActivated;
import com.textloom.backup.manager.ha.ManagerRole;
import com.textloom.backup.manager.storage.StorageMeters;
import com.textloom.backup.manager.storage.StorageSelection;
import com.textloom.backup.repository.KeySource;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.RepositoryException;
import com.textloom.backup.repository.RepositoryOptions;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.location.RepositoryLocation;
import com.textloom.backup.repository.storage.retry.RetryPolicy;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * The manager's repository ({@code BACKUP_REPOSITORY}, else {@code BACKUP_LOCAL_DIR}, default
 * {@code ./backups}), opened on first use and created there only when the store is empty (or holds
 * only the key slots and locks of an interrupted init) and the manager never used a repository before. A store that
 * holds data but no {@code config} (lost, deleted, a half-finished copy) is an error naming the cause and the way
 * back: initialising over it would write a second master key and leave every existing backup
 * unreadable by this manager.
 *
 * <p>The manager remembers the id of the repository it uses ({@link RepositoryIdentity}, in its state directory).
 * When that repository is gone (its directory or {@code config} no longer exists) or another one is there (another
 * id), every use fails with a {@link RepositoryLostException} that says how to get it back, and nothing is written
 * there: a new, empty repository in its place would hide the loss (history, deduplication and the chain to the remote
 * copies gone, the next backups "successful"). Only {@link #acceptNew} (the operator's explicit
 * {@code POST /api/repository/accept-new}) forgets the old id. A standby opens read-only: it never records an id
 * nor initialises; after a takeover it checks the same way as at start.
 *
 * <p>After disaster recovery's storage_failure switched the manager to a remote ({@link StorageSelection}), the
 * repository is that remote (a replica: same id), until it switches back; the handle follows a switch at the next
 * {@link #get()}.
 */
@ApplicationScoped
public class RepositoryHolder {
    private static final Logger LOG = Logger.getLogger(RepositoryHolder.class);
    private static final String CONFIG = "config";

    @Inject
    ManagerSettings settings;

    @Inject
    StorageSelection selection;

    @Inject
    ManagerRole role;

    @Inject
    StorageMeters meters;

    private Repository repository;
    private String openUri;
    /** The {@code config} blob of the open repository as it was at open: a repository replaced in place differs. */
    private byte[] openConfig;

    private RepositoryLostException lost;
    /**
     * While {@link #lost}: the {@code config} found at the repository's location at the last attempt to open it again
     * (null: none there), so that a probe opens the store again only when that changed.
     */
    private byte[] lostConfig;

    /** The open repository in use; the first call (and the first after a storage switch) opens (or initialises) it. */
    public synchronized Repository get() throws IOException {
        String uri = activeUri();
        if (repository != null && !uri.equals(openUri)) {
            close();
        }
        if (repository == null) {
            try {
                repository = open(RepositoryLocation.parse(uri, settings.environment()));
                openUri = uri;
                openConfig = repository.store().readAll(CONFIG);
                lost = null;
                lostConfig = null;
            } catch (RepositoryLostException e) {
                if (lost == null || !e.getMessage().equals(lost.getMessage())) {
                    LOG.error(e.getMessage());
                }
                lost = e;
                throw e;
            }
        }
        return repository;
    }

    /**
     * Checks that the open repository is still the one it was: its {@code config} is re-read (one small read, no key
     * derivation) and compared with what it was at open. When it is gone (the directory or {@code config} deleted while
     * the manager ran) or differs (another repository put in its place), the handle is closed and the repository
     * opened again as at start, which records the loss ({@link #lost()}: {@code /q/health/well} DOWN, the monitor's
     * {@code repository_lost}) without waiting for the next job to fail. A read that fails for another reason (an S3
     * hiccup) changes nothing. While the repository is lost or replaced, the {@code config} at its location is read
     * (nothing is created there) and, when it differs from the last attempt's (the repository copied back, another
     * one put there), the repository is opened again as at start: one that is back is in use again at this call,
     * without waiting for a job. Does nothing when no repository was opened or tried.
     */
    public synchronized void recheck() {
        if (repository == null) {
            if (lost != null) {
                retryLost();
            }
            return;
        }
        byte[] now;
        try {
            BlobStore store = repository.store();
            now = store.exists(CONFIG) ? store.readAll(CONFIG) : null;
        } catch (IOException | RuntimeException e) {
            return;
        }
        if (now != null && java.util.Arrays.equals(now, openConfig)) {
            return;
        }
        LOG.errorf(
                "the repository %s changed under the running manager (%s): checking it as at start",
                describe(), now == null ? "its config is gone" : "its config is another one");
        close();
        try {
            get();
        } catch (RepositoryLostException e) {
            // recorded and logged by get()
        } catch (IOException | RuntimeException e) {
            LOG.errorf("the repository %s cannot be opened: %s", describe(), e.getMessage());
        }
    }

    private void retryLost() {
        byte[] now;
        try {
            now = configAt(RepositoryLocation.parse(activeUri(), settings.environment()));
        } catch (IOException | RuntimeException e) {
            return;
        }
        if (java.util.Arrays.equals(now, lostConfig)) {
            return;
        }
        try {
            get();
        } catch (RepositoryLostException e) {
            lostConfig = now; // recorded and logged by get()
        } catch (IOException | RuntimeException e) {
            LOG.errorf("the repository %s cannot be opened: %s", describe(), e.getMessage());
        }
    }

    /** The {@code config} blob at {@code location}, null when there is none; creates no missing local directory. */
    private static byte[] configAt(RepositoryLocation location) throws IOException {
        if (location.kind() == RepositoryLocation.Kind.LOCAL && !Files.isDirectory(location.path())) {
            return null;
        }
        try (BlobStore store = location.open()) {
            return store.exists(CONFIG) ? store.readAll(CONFIG) : null;
        }
    }

    /** Opens the repository in use now, if this manager used one before (at start and after a takeover); logs why not. */
    public void check() {
        try {
            if (identity().read().isPresent()) {
                get();
            }
        } catch (RepositoryLostException e) {
            // logged by get()
        } catch (IOException | RuntimeException e) {
            LOG.errorf("the repository %s cannot be opened: %s", describe(), e.getMessage());
        }
    }

    /**
     * Forgets the repository this manager used and accepts what is in the configured location now: the repository
     * found there (its id recorded), or a new, empty one initialised in an empty store. Meant for an operator who
     * knows the old repository is lost for good (no remote copy to restore it from) or who moved the manager to
     * another repository on purpose.
     *
     * @param forgetId the id of the repository to forget, or its first 8 characters or more: the caller names the
     *                 loss it accepts (ignored when the manager remembers none)
     * @throws IllegalArgumentException when {@code forgetId} does not name the remembered repository
     */
    public synchronized Accepted acceptNew(String forgetId) throws IOException {
        Optional<RepositoryIdentity.Remembered> known = identity().read();
        if (known.isPresent()
                && (forgetId == null
                        || forgetId.length() < 8
                        || !known.get().repositoryId().startsWith(forgetId.toLowerCase(Locale.ROOT)))) {
            throw new IllegalArgumentException(
                    "forget_repository_id: must name the repository this manager used: its id "
                            + known.get().shortId() + " (8 characters or more of it)");
        }
        close();
        identity().forget();
        lost = null;
        lostConfig = null;
        Repository r = get();
        String forgotten =
                known.map(RepositoryIdentity.Remembered::repositoryId).orElse(null);
        LOG.warnf(
                "repository %s accepted on purpose as this manager's repository (id %s)%s",
                describe(),
                r.id().substring(0, 8),
                forgotten == null
                        ? ""
                        : "; the repository " + forgotten.substring(0, 8) + " it used before is forgotten");
        return new Accepted(describe(), r.id(), forgotten, r.snapshots().size());
    }

    /**
     * What {@link #acceptNew} did.
     *
     * @param repository  where the accepted repository is (no credentials)
     * @param id          its id
     * @param forgottenId the id forgotten, null when none was remembered
     * @param snapshots   how many snapshots it holds (0 for a new one)
     */
    public record Accepted(String repository, String id, String forgottenId, int snapshots) {}

    /**
     * The id of the repository this manager backs up into, as remembered in its state directory; empty when it never
     * used one (or forgot it through {@link #acceptNew}).
     */
    public Optional<String> rememberedId() throws IOException {
        return identity().read().map(RepositoryIdentity.Remembered::repositoryId);
    }

    /** The repository lost or replaced when it was last opened, null when it opened (or was not tried yet). */
    public synchronized RepositoryLostException lost() {
        return lost;
    }

    /** What {@code GET /api/status} shows under {@code repository_identity}: {@code state}, {@code id}, {@code error}. */
    public synchronized Map<String, Object> identityStatus() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(
                "state",
                lost != null ? lost.kind().name().toLowerCase(Locale.ROOT) : repository != null ? "ok" : "not_opened");
        try {
            identity().read().ifPresent(r -> m.put("id", r.shortId()));
        } catch (IOException e) {
            m.put("error", e.getMessage());
        }
        if (lost != null) {
            m.put("error", lost.getMessage());
        }
        return m;
    }

    private Repository open(RepositoryLocation location) throws IOException {
        Optional<RepositoryIdentity.Remembered> known = identity().read();
        if (location.kind() == RepositoryLocation.Kind.LOCAL) {
            Path dir = location.path();
            if (!Files.exists(dir)) {
                if (known.isPresent()) {
                    throw lost(known.get(), location.toString(), "the directory " + dir + " does not exist");
                }
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        }
        BlobStore store = location.open(RetryPolicy.DEFAULT, meters);
        try {
            return openOrInit(store, location.toString(), known);
        } catch (IOException | RuntimeException e) {
            try {
                store.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private Repository openOrInit(BlobStore store, String shown, Optional<RepositoryIdentity.Remembered> known)
            throws IOException {
        KeySource key = KeySource.fromEnvironment(settings.environment());
        RepositoryOptions options = RepositoryOptions.fromEnvironment(settings.environment());
        if (store.exists(CONFIG)) {
            Repository r = Repository.open(store, key, options);
            if (known.isPresent() && !known.get().repositoryId().equals(r.id())) {
                r.close();
                throw replaced(known.get(), shown, r.id());
            }
            if (known.isEmpty() && writer()) {
                identity().remember(r.id(), shown);
            }
            return r;
        }
        List<BlobStore.BlobInfo> present = store.list("");
        // key slots and locks alone are what an interrupted init leaves: nothing was sealed with
        // their master key yet, so a new repository loses nothing
        if (present.stream()
                .anyMatch(b -> !b.name().startsWith("keys/") && !b.name().startsWith("locks/"))) {
            throw new RepositoryException(noConfig(store, present));
        }
        if (known.isPresent()) {
            throw lost(
                    known.get(),
                    shown,
                    present.isEmpty()
                            ? "it is empty"
                            : "it holds no config, only " + present.size() + " key slot / lock file(s)");
        }
        if (!writer()) {
            throw new RepositoryException("the repository in " + store.describe() + " has no config yet; this manager"
                    + " is a standby and leaves its initialisation to the active manager");
        }
        Repository r = Repository.init(store, key, options);
        identity().remember(r.id(), shown);
        return r;
    }

    private RepositoryLostException lost(RepositoryIdentity.Remembered known, String shown, String why) {
        return new RepositoryLostException(
                RepositoryLostException.Kind.LOST,
                "the repository this manager backs up into"
                        + " (id " + known.shortId() + ", recorded " + known.recordedAt() + " in " + known.location()
                        + ") is gone"
                        + " from " + shown + ": " + why
                        + ". The manager does not create a new, empty repository in its place"
                        + " (its history, deduplication and the chain to the remote copies would be lost unseen) and backs up"
                        + " nothing until it is back. " + wayBack(known, shown));
    }

    private RepositoryLostException replaced(RepositoryIdentity.Remembered known, String shown, String foundId) {
        return new RepositoryLostException(
                RepositoryLostException.Kind.REPLACED,
                "the repository in " + shown + " is not"
                        + " the one this manager backs up into: its id is " + foundId.substring(0, 8)
                        + ", the manager's is "
                        + known.shortId() + " (recorded " + known.recordedAt() + " in " + known.location()
                        + "). The manager"
                        + " backs up nothing into it. If it is there by mistake, move it out of " + shown + " first. "
                        + wayBack(known, shown));
    }

    private String wayBack(RepositoryIdentity.Remembered known, String shown) {
        return "To get it back: copy it from a remote replica, `bin/textloom-backup repo copy --repo REMOTE --to "
                + shown
                + "` (then `bin/textloom-backup repo verify --repo " + shown + "`), or let disaster recovery do it"
                + " (`scripts/disaster_recovery.sh recover --scenario storage_failure`: backups go to the remote, then "
                + shown
                + " is rebuilt from it). To start a new repository on purpose instead: POST /api/repository/accept-new"
                + " with {\"forget_repository_id\": \"" + known.shortId() + "\"} (X-API-Key).";
    }

    private boolean writer() {
        return role == null || role.active();
    }

    private RepositoryIdentity identity() {
        return new RepositoryIdentity(settings.stateDir());
    }

    private String noConfig(BlobStore store, List<BlobStore.BlobInfo> present) {
        Map<String, Long> byKind = new TreeMap<>();
        for (BlobStore.BlobInfo b : present) {
            int slash = b.name().indexOf('/');
            byKind.merge(slash < 0 ? b.name() : b.name().substring(0, slash + 1), 1L, Long::sum);
        }
        String where = describe();
        return "the repository in " + store.describe() + " has no config file but holds " + present.size()
                + " other files " + byKind + ": its config was lost or deleted. The manager does not initialise a new"
                + " repository over existing data (a new master key would leave every backup in it unreadable)."
                + " To recover, put the config back from a copy of the same repository: from a remote replica,"
                + " `bin/textloom-backup repo copy --repo REMOTE --to " + where + "` copies only what is missing,"
                + " config included; then `bin/textloom-backup repo verify --repo " + where + "`. To start a new"
                + " repository instead, move the existing data out of " + where + " first.";
    }

    /** Where the repository in use is, for users (no secrets). */
    public String describe() {
        return RepositoryLocation.parse(activeUri(), settings.environment()).toString();
    }

    /** The remotes each backup is copied to: the configured ones but the one in use after a storage switch. */
    public List<String> remotes() {
        String active = activeUri();
        return settings.remotes().stream().filter(r -> !r.equals(active)).toList();
    }

    private String activeUri() {
        return selection == null ? settings.repositoryUri() : selection.activeUri();
    }

    /** A standby that takes over opens the repository afresh: what the previous active manager wrote is seen. */
    void activated(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 10) ManagerActivated event) {
        close();
    }

    @PreDestroy
    synchronized void close() {
        if (repository != null) {
            repository.close();
            try {
                repository.store().close();
            } catch (IOException | RuntimeException e) {
                // a store that broke (the reason to switch away from it) may not close cleanly
            }
            repository = null;
            openUri = null;
            openConfig = null;
        }
    }
}
