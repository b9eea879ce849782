package com.textloom.backup.repository;

import com.textloom.backup.repository.storage.BlobStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * A deduplicating, compressed, encrypted backup repository on a {@link BlobStore}: the facade
 * the services and the CLI use. The on-storage format is {@code backup-repository/FORMAT.md}.
 *
 * <p>A handle is safe for use by several threads; a {@link SnapshotWriter} is not. Closing the
 * handle does not close the store.
 */
public final class Repository implements AutoCloseable {

  private Repository() {}

  /**
   * Creates a new repository in an empty store: a random master key, a first key slot opened by
   * {@code key}, and the config (chunker parameters from {@code options}).
   *
   * @throws RepositoryException if the store already holds a repository
   */
  public static Repository init(BlobStore store, KeySource key, RepositoryOptions options)
      throws IOException {
    throw new UnsupportedOperationException("Repository.init: implementation lands next");
  }

  /**
   * Opens an existing repository.
   *
   * @throws WrongKeyException if no key slot opens with {@code key}
   * @throws RepositoryException if the store holds no repository
   */
  public static Repository open(BlobStore store, KeySource key, RepositoryOptions options)
      throws IOException {
    throw new UnsupportedOperationException("Repository.open: implementation lands next");
  }

  /** The repository id (64 hex). */
  public String id() {
    throw new UnsupportedOperationException();
  }

  /** Every snapshot, oldest first. A snapshot that cannot be read is an error, never skipped. */
  public List<SnapshotInfo> snapshots() throws IOException {
    throw new UnsupportedOperationException();
  }

  /** The snapshot with this id or unique id prefix (at least 4 hex characters). */
  public SnapshotInfo snapshot(String idOrPrefix) throws IOException {
    throw new UnsupportedOperationException();
  }

  /** Starts a new snapshot. */
  public SnapshotWriter newSnapshot(SnapshotSpec spec) throws IOException {
    throw new UnsupportedOperationException();
  }

  /**
   * Restores a tree component (or a sub-path of it) into {@code target}. Never writes outside
   * {@code target}.
   *
   * @param subPath {@code null} or {@code ""} for the whole component, else a relative path inside it
   */
  public RestoreResult restoreTree(String snapshotId, String component, String subPath, Path target,
      RestoreOptions options, ProgressListener progress) throws IOException {
    throw new UnsupportedOperationException();
  }

  /** Writes a stream component's bytes to {@code out} (not closed). */
  public void dumpStream(String snapshotId, String component, OutputStream out) throws IOException {
    throw new UnsupportedOperationException();
  }

  /** Checks the repository; see {@link VerifyOptions}. */
  public VerifyReport verify(VerifyOptions options) throws IOException {
    throw new UnsupportedOperationException();
  }

  /**
   * Removes the given snapshots (ids or unique prefixes), e.g. those the {@code retention}
   * package decided to drop. Data is freed by {@link #prune}.
   *
   * @return the snapshots removed
   */
  public List<SnapshotInfo> forget(Collection<String> snapshotIds) throws IOException {
    throw new UnsupportedOperationException();
  }

  /** Removes one snapshot. */
  public void deleteSnapshot(String snapshotId) throws IOException {
    forget(List.of(snapshotId));
  }

  /** Removes data no snapshot references and repacks mostly-empty packs. */
  public PruneReport prune(PruneOptions options) throws IOException {
    throw new UnsupportedOperationException();
  }

  /** The key slots. */
  public List<KeyInfo> keys() throws IOException {
    throw new UnsupportedOperationException();
  }

  /** Adds a key slot for {@code key}, wrapping the same master key: no data is rewritten. */
  public KeyInfo addKey(KeySource key, String label) throws IOException {
    throw new UnsupportedOperationException();
  }

  /**
   * Removes a key slot (id or unique prefix).
   *
   * @throws RepositoryException when it is the last slot
   */
  public void removeKey(String keyId) throws IOException {
    throw new UnsupportedOperationException();
  }

  /** The store this repository lives in. */
  public BlobStore store() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {}
}
