package com.textloom.backup.repository.storage.s3;

import com.textloom.backup.repository.storage.BlobName;
import com.textloom.backup.repository.storage.BlobNotFoundException;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.LengthCheckedInputStream;
import com.textloom.backup.repository.storage.StorageException;
import com.textloom.backup.repository.storage.TransientStorageException;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import io.minio.messages.Item;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A {@link BlobStore} in a bucket of a MinIO / S3 endpoint, through the MinIO Java client.
 *
 * <p>A blob {@code NAME} is the object {@code PREFIX/NAME}. Puts send the declared length up front;
 * blobs larger than {@link S3Config#partSize()} go as a multipart upload, which S3 makes visible
 * only when it completes, so every put is atomic. Ranged reads are ranged GETs, checked against
 * the returned {@code Content-Range}. Network failures, HTTP 5xx and throttling raise
 * {@link TransientStorageException}; a missing object {@link BlobNotFoundException}.
 */
public final class S3BlobStore implements BlobStore {
  private static final Set<String> NOT_FOUND = Set.of("NoSuchKey", "NoSuchObject", "ResourceNotFound");
  private static final Set<String> TRANSIENT =
      Set.of("SlowDown", "RequestTimeout", "InternalError", "ServiceUnavailable", "RequestTimeTooSkewed");

  private final S3Config config;
  private final MinioClient client;
  private final String describe;

  private S3BlobStore(S3Config config, MinioClient client) {
    this.config = config;
    this.client = client;
    this.describe = config.describe();
  }

  /**
   * Connects to the endpoint and creates the bucket when it does not exist yet.
   *
   * @throws StorageException naming the store when the endpoint cannot be reached or refuses
   */
  public static S3BlobStore connect(S3Config config) throws StorageException {
    MinioClient client =
        MinioClient.builder()
            .endpoint(config.endpoint())
            .credentials(config.accessKey(), config.secretKey())
            .build();
    S3BlobStore store = new S3BlobStore(config, client);
    store.ensureBucket();
    return store;
  }

  private void ensureBucket() throws StorageException {
    String bucket = config.bucket();
    try {
      if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
        client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
      }
    } catch (ErrorResponseException e) {
      String code = e.errorResponse().code();
      if (!"BucketAlreadyOwnedByYou".equals(code) && !"BucketAlreadyExists".equals(code)) {
        throw failure("create bucket", bucket, e);
      }
    } catch (Exception e) {
      throw failure("create bucket", bucket, e);
    }
  }

  public S3Config config() {
    return config;
  }

  @Override
  public void put(String name, InputStream data, long length) throws IOException {
    String key = key(name);
    if (length < 0) {
      throw new IllegalArgumentException("negative length " + length + " for blob " + name);
    }
    LengthCheckedInputStream checked = new LengthCheckedInputStream(data, name, length);
    if (length == 0) {
      checked.requireEnd();
    }
    try {
      client.putObject(
          PutObjectArgs.builder()
              .bucket(config.bucket())
              .object(key)
              .stream(checked, length, config.partSize())
              .build());
    } catch (Exception e) {
      if (checked.failure() != null) {
        throw checked.failure();
      }
      throw failure("put", name, e);
    }
  }

  @Override
  public InputStream open(String name) throws IOException {
    String key = key(name);
    try {
      return client.getObject(GetObjectArgs.builder().bucket(config.bucket()).object(key).build());
    } catch (Exception e) {
      throw failure("open", name, e);
    }
  }

  @Override
  public InputStream openRange(String name, long offset, long length) throws IOException {
    String key = key(name);
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException(
          "negative range " + offset + "+" + length + " of blob " + name);
    }
    if (length == 0) {
      long size = stat(name).size();
      if (offset > size) {
        throw new StorageException(pastEnd(name, offset, length, size));
      }
      return InputStream.nullInputStream();
    }
    GetObjectResponse response;
    try {
      response =
          client.getObject(
              GetObjectArgs.builder()
                  .bucket(config.bucket())
                  .object(key)
                  .offset(offset)
                  .length(length)
                  .build());
    } catch (ErrorResponseException e) {
      if ("InvalidRange".equals(e.errorResponse().code())) {
        throw new StorageException(pastEnd(name, offset, length, stat(name).size()), e);
      }
      throw failure("open range of", name, e);
    } catch (Exception e) {
      throw failure("open range of", name, e);
    }
    String contentRange = response.headers().get("Content-Range");
    long served = servedLength(contentRange, length);
    if (served < length) {
      response.close();
      long size = Long.parseLong(contentRange.substring(contentRange.indexOf('/') + 1));
      throw new StorageException(pastEnd(name, offset, length, size));
    }
    return response;
  }

  /** Bytes a ranged GET served, from {@code bytes FIRST-LAST/SIZE}. */
  private static long servedLength(String contentRange, long asked) {
    if (contentRange == null || !contentRange.startsWith("bytes ")) {
      return asked;
    }
    String range = contentRange.substring(6, contentRange.indexOf('/'));
    int dash = range.indexOf('-');
    return Long.parseLong(range.substring(dash + 1)) - Long.parseLong(range.substring(0, dash)) + 1;
  }

  private String pastEnd(String name, long offset, long length, long size) {
    return "range " + offset + "+" + length + " is past the end of blob " + name + " (" + size
        + " bytes) in " + describe;
  }

  @Override
  public BlobInfo stat(String name) throws IOException {
    String key = key(name);
    try {
      return new BlobInfo(
          name,
          client.statObject(StatObjectArgs.builder().bucket(config.bucket()).object(key).build())
              .size());
    } catch (Exception e) {
      throw failure("stat", name, e);
    }
  }

  @Override
  public List<BlobInfo> list(String prefix) throws IOException {
    BlobName.requireValidPrefix(prefix);
    String folder = config.prefix().isEmpty() ? "" : config.prefix() + "/";
    List<BlobInfo> blobs = new ArrayList<>();
    try {
      Iterable<Result<Item>> items =
          client.listObjects(
              ListObjectsArgs.builder()
                  .bucket(config.bucket())
                  .prefix(folder + prefix)
                  .recursive(true)
                  .build());
      for (Result<Item> result : items) {
        Item item = result.get();
        if (!item.isDir() && !item.objectName().endsWith("/")) {
          blobs.add(new BlobInfo(item.objectName().substring(folder.length()), item.size()));
        }
      }
    } catch (Exception e) {
      throw failure("list", prefix.isEmpty() ? "(all)" : prefix + "*", e);
    }
    return blobs;
  }

  @Override
  public void delete(String name) throws IOException {
    String key = key(name);
    try {
      client.removeObject(RemoveObjectArgs.builder().bucket(config.bucket()).object(key).build());
    } catch (Exception e) {
      StorageException failure = failure("delete", name, e);
      if (!(failure instanceof BlobNotFoundException)) {
        throw failure;
      }
    }
  }

  @Override
  public String describe() {
    return describe;
  }

  @Override
  public String toString() {
    return "S3BlobStore[" + describe + "]";
  }

  private String key(String name) {
    BlobName.requireValid(name);
    return config.prefix().isEmpty() ? name : config.prefix() + "/" + name;
  }

  /** Maps a MinIO client failure to the SPI's exceptions, naming this store. */
  private StorageException failure(String operation, String name, Exception e) {
    String what = operation + " " + name + " in " + describe;
    if (e instanceof ErrorResponseException err) {
      String code = err.errorResponse().code();
      int status = err.response() == null ? 0 : err.response().code();
      if (NOT_FOUND.contains(code)) {
        return new BlobNotFoundException(describe, name);
      }
      if (status >= 500 || status == 408 || status == 429 || TRANSIENT.contains(code)) {
        return new TransientStorageException(
            "cannot " + what + ": " + code + " (HTTP " + status + ")", e);
      }
      return new StorageException("cannot " + what + ": " + code + " (HTTP " + status + "): "
          + err.errorResponse().message(), e);
    }
    if (e instanceof ServerException || e instanceof InvalidResponseException
        || e instanceof IOException) {
      return new TransientStorageException("cannot " + what + ": " + e, e);
    }
    return new StorageException("cannot " + what + ": " + e, e);
  }
}
