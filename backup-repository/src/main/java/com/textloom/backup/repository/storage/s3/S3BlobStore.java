package com.textloom.backup.repository.storage.s3;

import com.textloom.backup.repository.storage.BlobNotFoundException;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.ObjectStoreBlobStore;
import com.textloom.backup.repository.storage.StorageException;
import com.textloom.backup.repository.storage.StoreTimeouts;
import com.textloom.backup.repository.storage.TransientStorageException;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import io.minio.http.HttpUtils;
import io.minio.messages.Item;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionSpec;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * A {@link BlobStore} in a bucket of a MinIO / S3 endpoint, through the MinIO Java client.
 *
 * <p>A blob {@code NAME} is the object {@code PREFIX/NAME}. Puts send the declared length up front.
 * A blob in memory ({@link com.textloom.backup.repository.storage.BlobSource.Bytes}: packs, metadata)
 * goes as one PUT of the array itself, whatever its size (S3 takes up to 5 GiB in one PUT), never
 * copied; a stream larger than {@link S3Config#partSize()} goes as a multipart upload (the client
 * buffers one part at a time), which S3 makes visible only when it completes, so every put is atomic. Ranged reads are ranged GETs, checked against
 * the returned {@code Content-Range}. Network failures, HTTP 5xx, 408 and throttling raise
 * {@link TransientStorageException}; a missing object {@link BlobNotFoundException}.
 */
public final class S3BlobStore extends ObjectStoreBlobStore {
    private static final Set<String> NOT_FOUND = Set.of("NoSuchKey", "NoSuchObject", "ResourceNotFound");
    private static final Set<String> TRANSIENT =
            Set.of("SlowDown", "RequestTimeout", "InternalError", "ServiceUnavailable", "RequestTimeTooSkewed");

    private final S3Config config;
    private final MinioClient client;
    private final ArrayPutClient arrays;
    private final InPlaceBodies bodies;

    private S3BlobStore(S3Config config, MinioClient client, ArrayPutClient arrays, InPlaceBodies bodies) {
        super(config.describe(), config.prefix());
        this.config = config;
        this.client = client;
        this.arrays = arrays;
        this.bodies = bodies;
    }

    /** How long a connection to the endpoint may take to open ({@link StoreTimeouts#DEFAULT}). */
    public static final Duration CONNECT_TIMEOUT = StoreTimeouts.DEFAULT.connect();
    /** How long a read or write on an open connection may stall before the request fails (and is retried). */
    public static final Duration READ_TIMEOUT = StoreTimeouts.DEFAULT.read();

    /**
     * Connects to the endpoint and creates the bucket when it does not exist yet, with the default timeouts.
     *
     * @throws StorageException naming the store when the endpoint cannot be reached or refuses
     */
    public static S3BlobStore connect(S3Config config) throws StorageException {
        return connect(config, StoreTimeouts.DEFAULT);
    }

    /**
     * As {@link #connect(S3Config)}, with {@code timeouts}: an endpoint that stops answering fails a request with a
     * {@link TransientStorageException} after about {@code timeouts.read()}.
     */
    public static S3BlobStore connect(S3Config config, StoreTimeouts timeouts) throws StorageException {
        // the client's defaults are 5 min each: an endpoint that does not answer fails sooner, and retries;
        // one HTTP client (its connections, its threads) for both clients
        InPlaceBodies bodies = new InPlaceBodies(config.accessKey(), config.secretKey());
        OkHttpClient http = baseClient(config.endpoint(), timeouts)
                .addInterceptor(bodies)
                .dispatcher(dispatcher())
                .build();
        MinioClient client = MinioClient.builder()
                .endpoint(config.endpoint())
                .credentials(config.accessKey(), config.secretKey())
                .httpClient(http)
                .build();
        ArrayPutClient arrays = new ArrayPutClient(
                MinioAsyncClient.builder()
                        .endpoint(config.endpoint())
                        .credentials(config.accessKey(), config.secretKey())
                        .httpClient(http)
                        .build(),
                bodies);
        S3BlobStore store = new S3BlobStore(config, client, arrays, bodies);
        store.ensureBucket();
        return store;
    }

    /**
     * The client's defaults with {@code timeouts}: for an {@code https} endpoint MinIO's own (it trusts the CA bundle
     * named by {@code SSL_CERT_FILE} besides the JDK's), for an {@code http} one a cleartext-only client, which
     * loads no trust store, parses no CA bundle and builds no TLS context (a fifth of the CPU of a {@code
     * snapshots} run against S3Proxy went to that, measured 2026-12-05). Either way a read stalls at most {@code
     * timeouts.read()} through the socket's own timeout ({@link ReadTimeoutSockets}), a write through OkHttp's.
     */
    static OkHttpClient.Builder baseClient(String endpoint, StoreTimeouts timeouts) {
        long connect = timeouts.connect().toMillis();
        long read = timeouts.read().toMillis();
        OkHttpClient.Builder b = endpoint.startsWith("https:")
                ? HttpUtils.newDefaultHttpClient(connect, read, read).newBuilder()
                : new OkHttpClient.Builder()
                        .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
                        .protocols(List.of(Protocol.HTTP_1_1))
                        .connectTimeout(connect, TimeUnit.MILLISECONDS)
                        .writeTimeout(read, TimeUnit.MILLISECONDS);
        // reads time out in the socket itself, not through Okio's watchdog (ReadTimeoutSockets)
        return b.readTimeout(0, TimeUnit.MILLISECONDS).socketFactory(new ReadTimeoutSockets(Math.toIntExact(read)));
    }

    /**
     * The MinIO client sends every request as an OkHttp async call, which OkHttp's dispatcher holds
     * back beyond 5 a host: the callers bound their own concurrency (uploads by
     * {@link S3Config#connections()}, reads by their jobs), so none is queued behind another's.
     */
    private static Dispatcher dispatcher() {
        Dispatcher d = new Dispatcher();
        d.setMaxRequests(64);
        d.setMaxRequestsPerHost(64);
        return d;
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
                throw failure("create bucket " + bucket + " at " + describe(), bucket, e);
            }
        } catch (Exception e) {
            throw failure("create bucket " + bucket + " at " + describe(), bucket, e);
        }
    }

    public S3Config config() {
        return config;
    }

    @Override
    public int concurrentPuts() {
        return config.connections();
    }

    @Override
    protected void putObject(String key, InputStream data, long length) throws Exception {
        bodies.register(key, null, 0); // no array put of this name is sent in place meanwhile
        try {
            client.putObject(
                    PutObjectArgs.builder().bucket(config.bucket()).object(key).stream(data, length, config.partSize())
                            .build());
        } finally {
            bodies.release(key);
        }
    }

    /** One PUT of the array itself (no copy by the client, whatever the part size). */
    @Override
    protected void putObject(String key, byte[] data, int length) throws Exception {
        arrays.put(config.bucket(), key, data, length);
    }

    @Override
    protected ObjectBody getObject(String key, long offset, long length) throws Exception {
        GetObjectArgs.Builder args =
                GetObjectArgs.builder().bucket(config.bucket()).object(key);
        if (length < 0) {
            return new ObjectBody(client.getObject(args.build()), -1);
        }
        GetObjectResponse response =
                client.getObject(args.offset(offset).length(length).build());
        return new ObjectBody(response, servedLength(response.headers().get("Content-Range")));
    }

    /** Bytes a ranged GET served, from {@code bytes FIRST-LAST/SIZE}; -1 if absent. */
    private static long servedLength(String contentRange) {
        if (contentRange == null || !contentRange.startsWith("bytes ") || !contentRange.contains("/")) {
            return -1;
        }
        String range = contentRange.substring(6, contentRange.indexOf('/'));
        int dash = range.indexOf('-');
        return Long.parseLong(range.substring(dash + 1)) - Long.parseLong(range.substring(0, dash)) + 1;
    }

    @Override
    protected long objectSize(String key) throws Exception {
        return client.statObject(StatObjectArgs.builder()
                        .bucket(config.bucket())
                        .object(key)
                        .build())
                .size();
    }

    @Override
    protected void listObjects(String keyPrefix, List<BlobInfo> into) throws Exception {
        // the client follows continuation tokens, 1000 keys per page
        Iterable<Result<Item>> items = client.listObjects(ListObjectsArgs.builder()
                .bucket(config.bucket())
                .prefix(keyPrefix)
                .recursive(true)
                .build());
        for (Result<Item> result : items) {
            Item item = result.get();
            if (!item.isDir()) {
                into.add(new BlobInfo(item.objectName(), item.size()));
            }
        }
    }

    @Override
    protected void deleteObject(String key) throws Exception {
        client.removeObject(
                RemoveObjectArgs.builder().bucket(config.bucket()).object(key).build());
    }

    @Override
    protected boolean isRangeNotSatisfiable(Exception e) {
        return e instanceof ErrorResponseException err
                && "InvalidRange".equals(err.errorResponse().code());
    }

    @Override
    protected StorageException failure(String what, String name, Exception e) {
        if (e instanceof ErrorResponseException err) {
            String code = err.errorResponse().code();
            int status = err.response() == null ? 0 : err.response().code();
            if (NOT_FOUND.contains(code)) {
                return new BlobNotFoundException(describe(), name);
            }
            if (status >= 500 || status == 408 || status == 429 || TRANSIENT.contains(code)) {
                return new TransientStorageException("cannot " + what + ": " + code + " (HTTP " + status + ")", e);
            }
            return new StorageException(
                    "cannot " + what + ": " + code + " (HTTP " + status + "): "
                            + err.errorResponse().message(),
                    e);
        }
        if (e instanceof ServerException || e instanceof InvalidResponseException || e instanceof IOException) {
            return new TransientStorageException("cannot " + what + ": " + e, e);
        }
        return new StorageException("cannot " + what + ": " + e, e);
    }
}
