package com.textloom.backup.repository.storage.obs;

import com.obs.services.ObsClient;
import com.obs.services.ObsConfiguration;
import com.obs.services.exception.ObsException;
import com.obs.services.model.AuthTypeEnum;
import com.obs.services.model.GetObjectRequest;
import com.obs.services.model.ListObjectsRequest;
import com.obs.services.model.ObjectListing;
import com.obs.services.model.ObjectMetadata;
import com.obs.services.model.ObsObject;
import com.obs.services.model.PutObjectRequest;
import com.textloom.backup.repository.storage.BlobName;
import com.textloom.backup.repository.storage.BlobNotFoundException;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.LengthCheckedInputStream;
import com.textloom.backup.repository.storage.StorageException;
import com.textloom.backup.repository.storage.TransientStorageException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link BlobStore} in a Huawei OBS bucket, through the OBS Java SDK ({@code esdk-obs-java}).
 *
 * <p>A blob {@code NAME} is the object {@code PREFIX/NAME}. A put is one streamed PUT with an
 * explicit {@code Content-Length} (OBS accepts up to 5 GB in one PUT; packs are tens of MB), which
 * the server stores only when the whole body arrived, so puts are atomic. The SDK's own retries are
 * off: a retrying decorator does that. Network failures, HTTP 5xx and throttling raise
 * {@link TransientStorageException}; a missing object {@link BlobNotFoundException}.
 */
public final class ObsBlobStore implements BlobStore {
  private static final int LIST_PAGE = 1000;

  private final ObsConfig config;
  private final ObsClient client;
  private final String describe;

  private ObsBlobStore(ObsConfig config, ObsClient client) {
    this.config = config;
    this.client = client;
    this.describe = config.describe();
  }

  /**
   * Connects to the endpoint and creates the bucket when it does not exist yet.
   *
   * @throws StorageException naming the store when the endpoint cannot be reached or refuses
   */
  public static ObsBlobStore connect(ObsConfig config) throws StorageException {
    ObsBlobStore store = new ObsBlobStore(config, new ObsClient(
        config.accessKey(), config.secretKey(), configuration(config)));
    store.ensureBucket();
    return store;
  }

  private static ObsConfiguration configuration(ObsConfig config) {
    URI endpoint = URI.create(config.endpoint());
    ObsConfiguration c = new ObsConfiguration();
    boolean https = endpoint.getScheme().equals("https");
    c.setEndPoint(endpoint.getHost());
    c.setHttpsOnly(https);
    if (endpoint.getPort() > 0) {
      if (https) {
        c.setEndpointHttpsPort(endpoint.getPort());
      } else {
        c.setEndpointHttpPort(endpoint.getPort());
      }
    }
    c.setPathStyle(config.pathStyle());
    if (config.signature() == ObsConfig.Signature.NEGOTIATE) {
      c.setAuthTypeNegotiation(true);
    } else {
      c.setAuthTypeNegotiation(false);
      c.setAuthType(AuthTypeEnum.valueOf(config.signature().name()));
    }
    c.setVerifyResponseContentType(false);
    c.setMaxErrorRetry(0);
    return c;
  }

  private void ensureBucket() throws StorageException {
    String bucket = config.bucket();
    try {
      if (!client.headBucket(bucket)) {
        client.createBucket(bucket);
      }
    } catch (ObsException e) {
      if (e.getResponseCode() != 409) {
        throw failure("create bucket", bucket, e);
      }
    } catch (RuntimeException e) {
      throw failure("create bucket", bucket, e);
    }
  }

  public ObsConfig config() {
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
    PutObjectRequest request = new PutObjectRequest(config.bucket(), key);
    request.setInput(checked);
    request.setAutoClose(false);
    ObjectMetadata metadata = new ObjectMetadata();
    metadata.setContentLength(length);
    request.setMetadata(metadata);
    try {
      client.putObject(request);
    } catch (RuntimeException e) {
      if (checked.failure() != null) {
        throw checked.failure();
      }
      throw failure("put", name, e);
    }
    if (checked.failure() != null) {
      // the SDK swallowed the failure of the caller's stream: never claim the put succeeded
      delete(name);
      throw checked.failure();
    }
  }

  @Override
  public InputStream open(String name) throws IOException {
    String key = key(name);
    try {
      return client.getObject(config.bucket(), key).getObjectContent();
    } catch (RuntimeException e) {
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
    GetObjectRequest request = new GetObjectRequest(config.bucket(), key);
    request.setRangeStart(offset);
    request.setRangeEnd(offset + length - 1);
    ObsObject object;
    try {
      object = client.getObject(request);
    } catch (ObsException e) {
      if (e.getResponseCode() == 416) {
        throw new StorageException(pastEnd(name, offset, length, stat(name).size()), e);
      }
      throw failure("open range of", name, e);
    } catch (RuntimeException e) {
      throw failure("open range of", name, e);
    }
    Long served = object.getMetadata().getContentLength();
    if (served != null && served < length) {
      object.getObjectContent().close();
      throw new StorageException(pastEnd(name, offset, length, stat(name).size()));
    }
    return object.getObjectContent();
  }

  private String pastEnd(String name, long offset, long length, long size) {
    return "range " + offset + "+" + length + " is past the end of blob " + name + " (" + size
        + " bytes) in " + describe;
  }

  @Override
  public BlobInfo stat(String name) throws IOException {
    String key = key(name);
    try {
      return new BlobInfo(name, client.getObjectMetadata(config.bucket(), key).getContentLength());
    } catch (RuntimeException e) {
      throw failure("stat", name, e);
    }
  }

  @Override
  public List<BlobInfo> list(String prefix) throws IOException {
    BlobName.requireValidPrefix(prefix);
    String folder = config.prefix().isEmpty() ? "" : config.prefix() + "/";
    List<BlobInfo> blobs = new ArrayList<>();
    ListObjectsRequest request = new ListObjectsRequest(config.bucket());
    request.setPrefix(folder + prefix);
    request.setMaxKeys(LIST_PAGE);
    try {
      while (true) {
        ObjectListing page = client.listObjects(request);
        String last = null;
        for (ObsObject object : page.getObjects()) {
          last = object.getObjectKey();
          if (!last.endsWith("/")) {
            blobs.add(new BlobInfo(
                last.substring(folder.length()), object.getMetadata().getContentLength()));
          }
        }
        if (!page.isTruncated()) {
          return blobs;
        }
        String next = page.getNextMarker() != null ? page.getNextMarker() : last;
        if (next == null) {
          throw new StorageException("cannot list " + prefix + "* in " + describe
              + ": the server said the listing is truncated but gave no next marker");
        }
        request.setMarker(next);
      }
    } catch (RuntimeException e) {
      throw failure("list", prefix.isEmpty() ? "(all)" : prefix + "*", e);
    }
  }

  @Override
  public void delete(String name) throws IOException {
    String key = key(name);
    try {
      client.deleteObject(config.bucket(), key);
    } catch (RuntimeException e) {
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
    return "ObsBlobStore[" + describe + "]";
  }

  @Override
  public void close() throws IOException {
    client.close();
  }

  private String key(String name) {
    BlobName.requireValid(name);
    return config.prefix().isEmpty() ? name : config.prefix() + "/" + name;
  }

  /** Maps an OBS SDK failure to the SPI's exceptions, naming this store. */
  private StorageException failure(String operation, String name, RuntimeException e) {
    String what = operation + " " + name + " in " + describe;
    if (e instanceof ObsException obs) {
      int status = obs.getResponseCode();
      String code = obs.getErrorCode();
      if (status == 404 && !"NoSuchBucket".equals(code)) {
        return new BlobNotFoundException(describe, name);
      }
      // the SDK reports a refused or dropped connection as 408 RequestTimeOut
      if (status <= 0 || status >= 500 || status == 408 || status == 429
          || "SlowDown".equals(code)) {
        return new TransientStorageException("cannot " + what + ": "
            + (status <= 0 ? String.valueOf(rootCause(e)) : code + " (HTTP " + status + ")"), e);
      }
      return new StorageException("cannot " + what + ": " + code + " (HTTP " + status + "): "
          + obs.getErrorMessage(), e);
    }
    return new StorageException("cannot " + what + ": " + e, e);
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
