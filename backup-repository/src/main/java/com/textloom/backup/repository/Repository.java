package com.textloom.backup.repository;

import com.textloom.backup.repository.archiver.Archiver;
import com.textloom.backup.repository.archiver.BlobSaver;
import com.textloom.backup.repository.archiver.SnapshotBuilder;
import com.textloom.backup.repository.chunker.Chunker;
import com.textloom.backup.repository.chunker.ChunkerParams;
import com.textloom.backup.repository.copy.CopyOptions;
import com.textloom.backup.repository.copy.CopyReport;
import com.textloom.backup.repository.copy.RepositoryCopy;
import com.textloom.backup.repository.crypto.FileIds;
import com.textloom.backup.repository.crypto.KeySlot;
import com.textloom.backup.repository.crypto.MasterKey;
import com.textloom.backup.repository.index.BlobReader;
import com.textloom.backup.repository.index.IndexLoader;
import com.textloom.backup.repository.index.MasterIndex;
import com.textloom.backup.repository.lock.LeaseLostException;
import com.textloom.backup.repository.lock.LockKind;
import com.textloom.backup.repository.lock.RepositoryLock;
import com.textloom.backup.repository.lock.RepositoryLocker;
import com.textloom.backup.repository.pack.Aad;
import com.textloom.backup.repository.pack.BlobId;
import com.textloom.backup.repository.prune.Pruner;
import com.textloom.backup.repository.repair.IndexRebuilder;
import com.textloom.backup.repository.restorer.Restorer;
import com.textloom.backup.repository.snapshot.SnapshotFile;
import com.textloom.backup.repository.snapshot.SnapshotStore;
import com.textloom.backup.repository.storage.BlobNotFoundException;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.verify.Verifier;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deduplicating, compressed, encrypted backup repository on a {@link BlobStore}: the facade
 * the services and the CLI use. The on-storage format is {@code backup-repository/FORMAT.md}.
 *
 * <p>A handle is safe for use by several threads; a {@link SnapshotWriter} is not. Closing the
 * handle does not close the store. The index is loaded when the repository is opened; a handle
 * sees blobs other processes add afterwards only after {@link #reloadIndex()} (a handle's own
 * backups update it). The in-memory index lists only blobs whose index file is stored: a backup
 * that fails leaves nothing in it that a later backup on the same handle could deduplicate
 * against.
 */
public final class Repository implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Repository.class);
    private static final String KEYS = "keys/";
    private static final String CONFIG = "config";
    /** zstd level of index files and snapshot manifests (small, read often: not worth more). */
    private static final int METADATA_ZSTD_LEVEL = 3;

    private final BlobStore store;
    private final MasterKey key;
    private final String keyId;
    private final RepositoryConfig config;
    private final RepositoryOptions options;
    private final Chunker chunker;
    private final SnapshotStore snapshots;
    private volatile MasterIndex index;
    private final Set<String> loadedIndexIds = new java.util.HashSet<>();
    private final Set<String> damagedIndexIds = new java.util.HashSet<>();

    private Repository(
            BlobStore store,
            MasterKey key,
            String keyId,
            RepositoryConfig config,
            RepositoryOptions options,
            MasterIndex index) {
        this.store = store;
        this.key = key;
        this.keyId = keyId;
        this.config = config;
        this.options = options;
        this.chunker = new Chunker(config.chunkerParams());
        this.snapshots = new SnapshotStore(store, key);
        this.index = index;
    }

    /**
     * Creates a new repository in an empty store: a random master key, a first key slot opened by
     * {@code key}, and the config (chunker parameters and pack size from {@code options}).
     *
     * @throws RepositoryException if the store already holds a repository
     */
    public static Repository init(BlobStore store, KeySource key, RepositoryOptions options) throws IOException {
        if (store.exists(CONFIG)) {
            throw new RepositoryException("a repository already exists in " + store.describe());
        }
        refusePlaceholder(key);
        if (key.kind() == KeySource.Kind.NONE) {
            LOG.warn(
                    "creating repository {} WITHOUT encryption (BACKUP_ENCRYPTION_ENABLED=false): "
                            + "anyone with access to the storage can read and forge its data",
                    store.describe());
        }
        MasterKey master = MasterKey.random();
        String slotId = FileIds.newId();
        KeySlot slot = KeySlot.create(slotId, key, master, options.host(), "initial key");
        store.put(KEYS + slotId, slot.toJson());
        SecureRandom random = new SecureRandom();
        byte[] repoId = new byte[32];
        random.nextBytes(repoId);
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        ChunkerParams cp = ChunkerParams.forAverage(options.averageChunkSize(), seed);
        RepositoryConfig config = new RepositoryConfig(
                RepositoryConfig.VERSION,
                HexFormat.of().formatHex(repoId),
                Instant.now().toString(),
                new RepositoryConfig.Chunker(
                        "fastcdc-gear-v1",
                        cp.minSize(),
                        cp.avgSize(),
                        cp.maxSize(),
                        Base64.getEncoder().encodeToString(seed)),
                options.packSize());
        byte[] json = config.toJson();
        store.put(CONFIG, master.seal(Aad.file(CONFIG), json, 0, json.length));
        LOG.info("created repository {} in {}", config.id().substring(0, 8), store.describe());
        return new Repository(store, master, slotId, config, options, new MasterIndex());
    }

    /**
     * Opens an existing repository.
     *
     * @throws WrongKeyException if no key slot opens with {@code key}
     * @throws RepositoryException if the store holds no repository
     */
    public static Repository open(BlobStore store, KeySource key, RepositoryOptions options) throws IOException {
        byte[] sealedConfig;
        try {
            sealedConfig = store.readAll(CONFIG);
        } catch (BlobNotFoundException e) {
            throw new RepositoryException("no repository in " + store.describe() + " (no config file)");
        }
        List<BlobStore.BlobInfo> slots = store.list(KEYS);
        MasterKey master = null;
        String slotId = null;
        for (BlobStore.BlobInfo b : slots) {
            String id = b.name().substring(KEYS.length());
            KeySlot slot;
            try {
                slot = KeySlot.parse(id, store.readAll(b.name()));
            } catch (BlobNotFoundException removed) {
                continue;
            }
            var unwrapped = slot.unwrap(id, key);
            if (unwrapped.isPresent()) {
                master = unwrapped.get();
                slotId = id;
                break;
            }
        }
        if (master == null) {
            throw new WrongKeyException("no key slot of the repository in " + store.describe()
                    + " opens with the given " + describeKind(key) + " (" + slots.size() + " slot(s) tried)");
        }
        if (key.kind() == KeySource.Kind.NONE) {
            LOG.warn(
                    "repository in {} is NOT encrypted: its data is readable and forgeable by anyone "
                            + "with access to the storage",
                    store.describe());
        }
        byte[] json = master.open(Aad.file(CONFIG), sealedConfig, 0, sealedConfig.length, CONFIG, null);
        RepositoryConfig config = RepositoryConfig.parse(json);
        Repository repo = new Repository(store, master, slotId, config, options, new MasterIndex());
        repo.refreshIndex();
        return repo;
    }

    private static String describeKind(KeySource k) {
        return switch (k.kind()) {
            case KEY -> "BACKUP_ENCRYPTION_KEY (32-byte key)";
            case PASSPHRASE -> "passphrase";
            case NONE -> "'no encryption' setting (the repository is encrypted: set BACKUP_ENCRYPTION_KEY)";
        };
    }

    /** The repository id (64 hex). */
    public String id() {
        return config.id();
    }

    /** The repository's config (chunker parameters, pack size). */
    public RepositoryConfig config() {
        return config;
    }

    /** The options this handle was opened with. */
    public RepositoryOptions options() {
        return options;
    }

    /** Re-reads every index file (to see blobs other processes stored since this handle opened). */
    public synchronized void reloadIndex() throws IOException {
        loadedIndexIds.clear();
        damagedIndexIds.clear();
        index = new MasterIndex();
        refreshIndex();
    }

    /**
     * Brings the in-memory index up to date with the store: reads index files written since the
     * last look; when one it had read is gone (a prune or a repair replaced the index), reads
     * everything again, so that a backup never deduplicates against a blob prune has removed. A
     * damaged index file is left out with a warning naming it (once per handle; verify reports it,
     * {@link #repairIndex} rebuilds the index): its blobs are unknown meanwhile, so backups store
     * them again and restores needing only them fail, but nothing else stops. Called under a lock
     * by every operation.
     */
    private synchronized void refreshIndex() throws IOException {
        Set<String> now = new java.util.HashSet<>(IndexLoader.ids(store));
        if (!now.containsAll(loadedIndexIds)) {
            loadedIndexIds.clear();
            index = new MasterIndex();
        }
        damagedIndexIds.retainAll(now);
        MasterIndex target = index;
        List<String> fresh = new ArrayList<>();
        for (String id : now) {
            if (!loadedIndexIds.contains(id) && !damagedIndexIds.contains(id)) {
                fresh.add(id);
            }
        }
        // an index file a prune deleted meanwhile is left out: its successor is read next time
        // each file goes into the index as soon as it is read: the decoded files are never all in memory
        IndexLoader.Added loaded = IndexLoader.loadInto(store, key, fresh, options.parallelJobs(), target);
        loadedIndexIds.addAll(loaded.added());
        for (var e : loaded.damaged().entrySet()) {
            damagedIndexIds.add(e.getKey());
            LOG.warn(
                    "index file {}{} of {} is damaged and left out ({}): the blobs it lists are unknown"
                            + " until the index is rebuilt with 'textloom-backup repo repair index'",
                    IndexLoader.PREFIX,
                    e.getKey(),
                    store.describe(),
                    e.getValue());
        }
    }

    /**
     * Drops this handle's index before an operation that reads the whole index itself (verify,
     * prune), so that one index, not two, is in memory (at 5 M blobs each takes about 280 MB); the
     * next operation that needs it reads it again. Index files already known damaged stay known.
     */
    private synchronized void releaseIndex() {
        loadedIndexIds.clear();
        index = new MasterIndex();
    }

    /**
     * The index files this handle found damaged and left out ({@code index/<id>}), as of its last
     * look at the index; empty when the index is whole.
     */
    public synchronized List<String> damagedIndexFiles() {
        return damagedIndexIds.stream()
                .sorted()
                .map(id -> IndexLoader.PREFIX + id)
                .toList();
    }

    /**
     * Every snapshot, oldest first. A damaged snapshot file (it fails authentication or does not
     * decode) is left out with a warning naming it, as it is for parent lookup and prune;
     * {@link #verify} reports it. A storage failure is an error.
     */
    public List<SnapshotInfo> snapshots() throws IOException {
        return snapshots.all().stream().map(SnapshotFile::info).toList();
    }

    /** The snapshot with this id or unique id prefix (at least 4 hex characters), or "latest". */
    public SnapshotInfo snapshot(String idOrPrefix) throws IOException {
        return snapshots.read(snapshots.resolve(idOrPrefix)).info();
    }

    /**
     * Starts a new snapshot. For an incremental snapshot without an explicit parent, the newest
     * snapshot of the same host is the parent.
     */
    public SnapshotWriter newSnapshot(SnapshotSpec spec) throws IOException {
        RepositoryLock lock = lock(LockKind.SHARED, "backup");
        try {
            return newSnapshot(spec, lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private SnapshotWriter newSnapshot(SnapshotSpec spec, RepositoryLock lock) throws IOException {
        refreshIndex();
        MasterIndex index = this.index;
        String host = spec.host() != null ? spec.host() : options.host();
        SnapshotFile parent = null;
        if (spec.type() == SnapshotType.INCREMENTAL) {
            if (spec.parent() != null) {
                parent = snapshots.read(snapshots.resolve(spec.parent()));
            } else {
                for (SnapshotFile s : snapshots.all()) {
                    if (host.equals(s.host())) {
                        parent = s;
                    }
                }
            }
        }
        int level = options.compressionEnabled() ? options.compressionLevel() : 0;
        ChunkerParams cp = config.chunkerParams();
        BlobSaver saver =
                new BlobSaver(store, key, index, config.packSize(), level, options.parallelJobs(), cp.maxSize());
        Archiver archiver = new Archiver(saver, new BlobReader(store, key, index), chunker, options.parallelJobs());
        lock.addListener((l, reason) ->
                saver.abort(new LeaseLostException("backup stopped: the repository lock was lost (" + reason + ")")));
        return new SnapshotBuilder(
                spec,
                host,
                parent,
                saver,
                archiver,
                snapshots,
                METADATA_ZSTD_LEVEL,
                lock::checkValid,
                () -> closeQuietly(lock));
    }

    /**
     * Takes a lock on the repository for {@code process} (waiting up to
     * {@link RepositoryOptions#lockWait()}).
     *
     * @throws RepositoryLockedException naming the holder when the wait runs out
     */
    public RepositoryLock lock(LockKind kind, String process) throws IOException {
        RepositoryLocker locker =
                new RepositoryLocker(store, options.locking().withProcess("textloom-backup " + process));
        return locker.acquire(kind, options.lockWait());
    }

    private static void refusePlaceholder(KeySource key) {
        if (key.isPlaceholder()) {
            throw new IllegalArgumentException(
                    "BACKUP_ENCRYPTION_KEY is a placeholder (its 32 bytes are all the same, e.g."
                            + " all zero), not a key: generate one with 'textloom-backup repo key generate' or Fernet.generate_key()");
        }
    }

    private static void closeQuietly(RepositoryLock lock) {
        try {
            lock.close();
        } catch (IOException e) {
            LOG.warn(
                    "could not remove lock {}: {} (it goes stale when its lease runs out)",
                    lock.info().id(),
                    e.getMessage());
        }
    }

    /**
     * Restores a tree component (or a sub-path of it) into {@code target}. Never writes outside
     * {@code target}.
     *
     * @param subPath {@code null} or {@code ""} for the whole component, else a relative path inside it
     */
    public RestoreResult restoreTree(
            String snapshotId,
            String component,
            String subPath,
            Path target,
            RestoreOptions options,
            ProgressListener progress)
            throws IOException {
        SnapshotFile.Component c = component(snapshotId, component);
        if (!"tree".equals(c.kind())) {
            throw new RepositoryException("component '" + component + "' is a stream: use dumpStream");
        }
        try (RepositoryLock lock = lock(LockKind.SHARED, "restore");
                Restorer r = restorer()) {
            return r.restore(
                    BlobId.parse(c.root()),
                    subPath,
                    target,
                    options == null ? RestoreOptions.defaults() : options,
                    progress == null ? ProgressListener.NONE : progress);
        }
    }

    private Restorer restorer() throws IOException {
        refreshIndex();
        return new Restorer(store, new BlobReader(store, key, index, false), this.options.parallelJobs());
    }

    /** Writes a stream component's bytes to {@code out} (not closed). */
    public void dumpStream(String snapshotId, String component, OutputStream out) throws IOException {
        SnapshotFile.Component c = component(snapshotId, component);
        if (!"stream".equals(c.kind())) {
            throw new RepositoryException("component '" + component + "' is a file tree: use restoreTree");
        }
        try (RepositoryLock lock = lock(LockKind.SHARED, "dump");
                Restorer r = restorer()) {
            r.dump(BlobId.parse(c.root()), out);
        }
    }

    private SnapshotFile.Component component(String snapshotId, String component) throws IOException {
        SnapshotFile s = snapshots.read(snapshots.resolve(snapshotId));
        SnapshotFile.Component c = s.component(component);
        if (c == null) {
            throw new RepositoryException("snapshot " + s.id().substring(0, 8) + " has no component '" + component
                    + "' (it has "
                    + s.components().stream().map(SnapshotFile.Component::name).toList() + ")");
        }
        return c;
    }

    /** Checks the repository; see {@link VerifyOptions}. */
    public VerifyReport verify(VerifyOptions options) throws IOException {
        return verify(options, new SecureRandom());
    }

    /** {@link #verify(VerifyOptions)} with the packs of a read-data sample drawn from {@code random}. */
    VerifyReport verify(VerifyOptions options, Random random) throws IOException {
        try (RepositoryLock lock = lock(LockKind.SHARED, "verify")) {
            releaseIndex();
            return new Verifier(store, key, snapshots, this.options.parallelJobs())
                    .verify(options == null ? VerifyOptions.quick() : options, random);
        }
    }

    /**
     * Removes the given snapshots (ids or unique prefixes), e.g. those the {@code retention}
     * package decided to drop. Data is freed by {@link #prune}.
     *
     * @return the snapshots removed
     */
    public List<SnapshotInfo> forget(Collection<String> snapshotIds) throws IOException {
        Set<String> ids = new LinkedHashSet<>();
        for (String s : snapshotIds) {
            ids.add(snapshots.resolve(s));
        }
        List<SnapshotInfo> removed = new ArrayList<>();
        try (RepositoryLock lock = lock(LockKind.EXCLUSIVE, "forget")) {
            for (String id : ids) {
                SnapshotInfo info = snapshots.read(id).info();
                lock.checkValid();
                snapshots.delete(id);
                removed.add(info);
                LOG.info("forgot snapshot {} of {}", id.substring(0, 8), info.time());
            }
        }
        return removed;
    }

    /** Removes one snapshot. */
    public void deleteSnapshot(String snapshotId) throws IOException {
        forget(List.of(snapshotId));
    }

    /** Removes data no snapshot references and repacks mostly-empty packs. */
    public PruneReport prune(PruneOptions options) throws IOException {
        releaseIndex();
        PruneReport r = new Pruner(store, key, snapshots, config.packSize(), this.options.parallelJobs())
                .prune(options == null ? PruneOptions.defaults() : options, new Pruner.Locks() {
                    @Override
                    public RepositoryLock shared() throws IOException {
                        return lock(LockKind.SHARED, "prune (mark)");
                    }

                    @Override
                    public RepositoryLock exclusive() throws IOException {
                        return lock(LockKind.EXCLUSIVE, "prune (delete)");
                    }
                });
        reloadIndex();
        return r;
    }

    /**
     * Rebuilds the index from the pack headers under the exclusive lock, writes the new index files
     * and removes the old ones, damaged ones included ({@link IndexRebuilder}, like restic's
     * {@code repair index}). The way out when an index file is damaged; harmless otherwise.
     *
     * @throws RepositoryLockedException when another process holds a lock past the lock wait
     */
    public IndexRepairReport repairIndex() throws IOException {
        IndexRepairReport report;
        try (RepositoryLock lock = lock(LockKind.EXCLUSIVE, "repair index")) {
            report = new IndexRebuilder(store, key, options.parallelJobs()).rebuild(lock);
        }
        reloadIndex();
        return report;
    }

    /** The key slots. */
    public List<KeyInfo> keys() throws IOException {
        List<KeyInfo> out = new ArrayList<>();
        for (BlobStore.BlobInfo b : store.list(KEYS)) {
            String id = b.name().substring(KEYS.length());
            KeySlot s = KeySlot.parse(id, store.readAll(b.name()));
            out.add(new KeyInfo(id, s.kind(), Instant.parse(s.created()), s.host(), s.label(), id.equals(keyId)));
        }
        out.sort((a, b) -> a.created().compareTo(b.created()));
        return out;
    }

    /** Adds a key slot for {@code key}, wrapping the same master key: no data is rewritten. */
    public KeyInfo addKey(KeySource newKey, String label) throws IOException {
        refusePlaceholder(newKey);
        String id = FileIds.newId();
        KeySlot slot = KeySlot.create(id, newKey, key, options.host(), label);
        store.put(KEYS + id, slot.toJson());
        if (newKey.kind() == KeySource.Kind.NONE) {
            LOG.warn("added a key slot that anyone can open: the repository is no longer confidential");
        }
        return new KeyInfo(id, slot.kind(), Instant.parse(slot.created()), slot.host(), slot.label(), false);
    }

    /**
     * Removes a key slot (id or unique prefix), under the exclusive lock: two removals at the same time cannot
     * both see a second slot and leave none, and no other process is using the repository meanwhile.
     *
     * @throws RepositoryException when it is the last slot, or the prefix matches none or several
     * @throws RepositoryLockedException when another process holds a lock past the lock wait
     */
    public void removeKey(String keyIdOrPrefix) throws IOException {
        try (RepositoryLock lock = lock(LockKind.EXCLUSIVE, "key remove")) {
            List<KeyInfo> all = keys();
            List<KeyInfo> match =
                    all.stream().filter(k -> k.id().startsWith(keyIdOrPrefix)).toList();
            if (keyIdOrPrefix.length() < 4 || match.size() != 1) {
                throw new RepositoryException("key '" + keyIdOrPrefix + "' matches " + match.size() + " key slots");
            }
            if (all.size() == 1) {
                throw new RepositoryException(
                        "refusing to remove the last key slot: the repository would be unreadable");
            }
            lock.checkValid();
            store.delete(KEYS + match.get(0).id());
        }
    }

    /**
     * Copies what {@code destination} lacks of this repository ({@link RepositoryCopy}) under the
     * locks the CLI's {@code repo copy} takes: a shared lock here and a shared lock on the
     * destination, each waiting up to {@link RepositoryOptions#lockWait()} for an exclusive holder.
     * So a prune on either side (its delete phase takes the exclusive lock) cannot run while the copy
     * does: it neither deletes packs the copy is reading here nor takes for orphans the packs that
     * reached the destination before their index. A lease lost during the copy fails it
     * ({@link LeaseLostException}) even if every blob arrived.
     *
     * @throws RepositoryLockedException when a lock cannot be had within the wait
     */
    public CopyReport copyTo(BlobStore destination, CopyOptions copyOptions) throws IOException {
        try (RepositoryLock here = lock(LockKind.SHARED, "copy");
                RepositoryLock there = new RepositoryLocker(
                                destination, options.locking().withProcess("textloom-backup copy"))
                        .acquire(LockKind.SHARED, options.lockWait())) {
            CopyReport report = RepositoryCopy.copy(store, destination, copyOptions);
            here.checkValid();
            there.checkValid();
            return report;
        }
    }

    /** The store this repository lives in. */
    public BlobStore store() {
        return store;
    }

    /**
     * Closes this handle: the serialized copy of the master key it holds is overwritten (see
     * {@link MasterKey#destroy()}), so {@link #addKey} fails afterwards instead of wrapping zeros.
     * Idempotent. Operations still running on other threads keep sealing and opening (the cipher
     * keys are separate copies).
     */
    @Override
    public void close() {
        key.destroy();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
