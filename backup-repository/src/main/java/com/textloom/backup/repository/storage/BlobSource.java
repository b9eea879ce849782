package com.textloom.backup.repository.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bytes of a blob to store that can be read again from the start: a file, an array, or another
 * store's blob. Unlike a bare {@link InputStream}, a put from a source can be retried (the
 * rewindable reader of restic's backend, kopia's {@code blob.Bytes}).
 */
public interface BlobSource {

  /** The exact number of bytes every stream from {@link #open()} yields. */
  long length();

  /** A new stream over the bytes, from the start. The caller closes it. */
  InputStream open() throws IOException;

  /** The bytes of an array (metadata files). */
  static BlobSource of(byte[] bytes) {
    return new BlobSource() {
      @Override
      public long length() {
        return bytes.length;
      }

      @Override
      public InputStream open() {
        return new ByteArrayInputStream(bytes);
      }
    };
  }

  /** The bytes of a file, whose size is taken now. */
  static BlobSource of(Path file) throws IOException {
    long size = Files.size(file);
    return new BlobSource() {
      @Override
      public long length() {
        return size;
      }

      @Override
      public InputStream open() throws IOException {
        return Files.newInputStream(file);
      }
    };
  }

  /** The blob {@code name} of {@code store}, of the given size (e.g. from {@link BlobStore#list}). */
  static BlobSource of(BlobStore store, String name, long length) {
    return new BlobSource() {
      @Override
      public long length() {
        return length;
      }

      @Override
      public InputStream open() throws IOException {
        return store.open(name);
      }
    };
  }
}
