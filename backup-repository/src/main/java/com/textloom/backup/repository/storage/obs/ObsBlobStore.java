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
import com.textloom.backup.repository.storage.BlobNotFoundException;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.ObjectStoreBlobStore;
import com.textloom.backup.repository.storage.StorageException;
import com.textloom.backup.repository.storage.StoreTimeouts;
import com.textloom.backup.repository.storage.TransientStorageException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.List;

/**
 * A {@link BlobStore} in a Huawei OBS bucket, through the OBS Java SDK ({@code esdk-obs-java}).
 *
 * <p>A blob {@code NAME} is the object {@code PREFIX/NAME}. A put is one streamed PUT with an
 * explicit {@code Content-Length} (OBS takes up to 5 GB in one PUT; packs are tens of MB), which
 * the server stores only when the whole body arrived, so puts are atomic. The SDK's own retries
 * are off: a retrying decorator does that. Network failures (which the SDK reports as 408), HTTP
 * 5xx and throttling raise {@link TransientStorageException}; a missing object
 * {@link BlobNotFoundException}.
 */
public final class ObsBlobStore extends ObjectStoreBlobStore {
    private static final int LIST_PAGE = 1000;

    private final ObsConfig config;
    private final ObsClient client;

    private ObsBlobStore(ObsConfig config, ObsClient client) {
        super(config.describe(), config.prefix());
        this.config = config;
        this.client = client;
    }

    /**
     * Connects to the endpoint and creates the bucket when it does not exist yet.
     *
     * @throws StorageException naming the store when the endpoint cannot be reached or refuses
     */
    public static ObsBlobStore connect(ObsConfig config) throws StorageException {
        return connect(config, StoreTimeouts.DEFAULT);
    }

    /**
     * As {@link #connect(ObsConfig)}, with {@code timeouts}: an endpoint that stops answering fails a request with a
     * {@link TransientStorageException} after about {@code timeouts.read()}.
     */
    public static ObsBlobStore connect(ObsConfig config, StoreTimeouts timeouts) throws StorageException {
        ObsBlobStore store = new ObsBlobStore(
                config, new ObsClient(config.accessKey(), config.secretKey(), configuration(config, timeouts)));
        store.ensureBucket();
        return store;
    }

    private static ObsConfiguration configuration(ObsConfig config, StoreTimeouts timeouts) {
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
        // the same limits as the S3 store's: a stalled endpoint fails the request (and the store's retries take over)
        c.setConnectionTimeout((int) timeouts.connect().toMillis());
        c.setSocketTimeout((int) timeouts.read().toMillis());
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
                throw failure("create bucket " + bucket + " at " + describe(), bucket, e);
            }
        } catch (RuntimeException e) {
            throw failure("create bucket " + bucket + " at " + describe(), bucket, e);
        }
    }

    public ObsConfig config() {
        return config;
    }

    @Override
    protected void putObject(String key, InputStream data, long length) {
        PutObjectRequest request = new PutObjectRequest(config.bucket(), key);
        request.setInput(data);
        request.setAutoClose(false);
        ObjectMetadata metadata = new ObjectMetadata();
        metadata.setContentLength(length);
        request.setMetadata(metadata);
        client.putObject(request);
    }

    @Override
    protected ObjectBody getObject(String key, long offset, long length) {
        GetObjectRequest request = new GetObjectRequest(config.bucket(), key);
        if (length >= 0) {
            request.setRangeStart(offset);
            request.setRangeEnd(offset + length - 1);
        }
        ObsObject object = client.getObject(request);
        Long served = object.getMetadata().getContentLength();
        return new ObjectBody(object.getObjectContent(), served == null ? -1 : served);
    }

    @Override
    protected long objectSize(String key) {
        return client.getObjectMetadata(config.bucket(), key).getContentLength();
    }

    @Override
    protected void listObjects(String keyPrefix, List<BlobInfo> into) throws StorageException {
        ListObjectsRequest request = new ListObjectsRequest(config.bucket());
        request.setPrefix(keyPrefix);
        request.setMaxKeys(LIST_PAGE);
        while (true) {
            ObjectListing page = client.listObjects(request);
            String last = null;
            for (ObsObject object : page.getObjects()) {
                last = object.getObjectKey();
                into.add(new BlobInfo(last, object.getMetadata().getContentLength()));
            }
            if (!page.isTruncated()) {
                return;
            }
            // without a delimiter S3-compatible servers may omit NextMarker: the last key is the marker
            String next = page.getNextMarker() != null ? page.getNextMarker() : last;
            if (next == null) {
                throw new StorageException("cannot list " + keyPrefix + "* in " + describe()
                        + ": the server said the listing is truncated but gave no next marker");
            }
            request.setMarker(next);
        }
    }

    @Override
    protected void deleteObject(String key) {
        client.deleteObject(config.bucket(), key);
    }

    @Override
    protected boolean isRangeNotSatisfiable(Exception e) {
        return e instanceof ObsException obs && obs.getResponseCode() == 416;
    }

    @Override
    protected StorageException failure(String what, String name, Exception e) {
        if (e instanceof ObsException obs) {
            int status = obs.getResponseCode();
            String code = obs.getErrorCode();
            if (status == 404 && !"NoSuchBucket".equals(code)) {
                return new BlobNotFoundException(describe(), name);
            }
            // the SDK reports a refused or dropped connection as 408 RequestTimeOut
            if (status <= 0 || status >= 500 || status == 408 || status == 429 || "SlowDown".equals(code)) {
                return new TransientStorageException(
                        "cannot " + what + ": "
                                + (status <= 0 ? String.valueOf(rootCause(e)) : code + " (HTTP " + status + ")"),
                        e);
            }
            return new StorageException(
                    "cannot " + what + ": " + code + " (HTTP " + status + "): " + obs.getErrorMessage(), e);
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

    @Override
    public void close() throws IOException {
        client.close();
    }
}
