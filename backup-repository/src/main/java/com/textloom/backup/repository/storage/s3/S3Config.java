package com.textloom.backup.repository.storage.s3;

import com.textloom.backup.repository.storage.BlobName;
import com.textloom.backup.repository.storage.RemoteEndpoint;
import java.util.Map;

/**
 * Where and how an {@link S3BlobStore} talks to a MinIO / S3 endpoint.
 *
 * @param endpoint {@code http(s)://host:port}; a scheme-less endpoint, as the guide writes
 *     {@code localhost:9000}, is taken as {@code http}
 * @param accessKey the access key
 * @param secretKey the secret key; never printed by {@link #toString()}
 * @param bucket the bucket, created by {@link S3BlobStore#connect} when missing
 * @param prefix {@code ""} or a folder inside the bucket, e.g. {@code team-a/textloom}
 * @param partSize bytes per multipart part; a stream longer than this uploads in parts, each
 *     buffered by the client (≥ 5 MiB); a blob in memory (a pack) goes as one PUT whatever its size
 * @param connections how many uploads a writer overlaps ({@code MINIO_CONNECTIONS}, 1..16)
 */
public record S3Config(
        String endpoint,
        String accessKey,
        String secretKey,
        String bucket,
        String prefix,
        long partSize,
        int connections) {

    /**
     * Pack uploads a writer overlaps by default (restic's {@code s3.connections} is 5): a backup to S3 waits
     * for the endpoint, not for the CPU, but each upload holds a pack buffer (16.25 MiB) for as long as it
     * lasts, and beyond 2 a writer keeps one more pack filling meanwhile. Measured (backup-repository
     * README, "Concurrent S3 uploads"): 2 keeps an S3 backup's peak RSS within the 256 MB goal (234-236 MB),
     * 3 took it to 273-298 MB and 4 to 289-315 MB; raise it where memory allows.
     */
    public static final int DEFAULT_CONNECTIONS = 2;
    /** The most uploads at a time {@code MINIO_CONNECTIONS} may ask for. */
    public static final int MAX_CONNECTIONS = 16;

    /** A configuration with {@link #DEFAULT_CONNECTIONS}. */
    public S3Config(String endpoint, String accessKey, String secretKey, String bucket, String prefix, long partSize) {
        this(endpoint, accessKey, secretKey, bucket, prefix, partSize, DEFAULT_CONNECTIONS);
    }

    /** Part size of large streamed uploads by default: 16 MiB (a copy of another store's pack takes one or two). */
    public static final long DEFAULT_PART_SIZE = 16L << 20;
    /** S3's smallest part. */
    public static final long MIN_PART_SIZE = 5L << 20;

    public S3Config {
        endpoint = RemoteEndpoint.url(endpoint, "MINIO_ENDPOINT", "http");
        RemoteEndpoint.required(accessKey, "MINIO_ACCESS_KEY");
        RemoteEndpoint.required(secretKey, "MINIO_SECRET_KEY");
        RemoteEndpoint.bucket(bucket, "MINIO_BUCKET");
        prefix = BlobName.folder(prefix);
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException(
                    "S3 part size must be at least " + MIN_PART_SIZE + " bytes, got " + partSize);
        }
        if (connections < 1 || connections > MAX_CONNECTIONS) {
            throw new IllegalArgumentException(
                    "MINIO_CONNECTIONS must be within 1.." + MAX_CONNECTIONS + ", got " + connections);
        }
    }

    /** A configuration with the default part size. */
    public static S3Config of(String endpoint, String accessKey, String secretKey, String bucket, String prefix) {
        return new S3Config(endpoint, accessKey, secretKey, bucket, prefix, DEFAULT_PART_SIZE);
    }

    /**
     * From the guide's variables: {@code MINIO_ENDPOINT}, {@code MINIO_ACCESS_KEY},
     * {@code MINIO_SECRET_KEY}, {@code MINIO_BUCKET}, optional {@code MINIO_PREFIX} and
     * {@code MINIO_CONNECTIONS} (uploads at a time, {@link #DEFAULT_CONNECTIONS}).
     *
     * @throws IllegalArgumentException naming the first missing or bad variable
     */
    public static S3Config fromEnv(Map<String, String> env) {
        String connections = env.get("MINIO_CONNECTIONS");
        int n;
        try {
            n = connections == null || connections.isBlank()
                    ? DEFAULT_CONNECTIONS
                    : Integer.parseInt(connections.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("MINIO_CONNECTIONS must be a number, got " + connections, e);
        }
        return new S3Config(
                RemoteEndpoint.required(env.get("MINIO_ENDPOINT"), "MINIO_ENDPOINT"),
                env.get("MINIO_ACCESS_KEY"),
                env.get("MINIO_SECRET_KEY"),
                env.get("MINIO_BUCKET"),
                env.getOrDefault("MINIO_PREFIX", ""),
                DEFAULT_PART_SIZE,
                n);
    }

    /** {@code s3:ENDPOINT/BUCKET[/PREFIX]}, the repository URI of this store, without credentials. */
    public String describe() {
        return "s3:" + endpoint + "/" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    @Override
    public String toString() {
        return "S3Config[" + describe() + ", accessKey=" + accessKey + ", partSize=" + partSize + ", connections="
                + connections + "]";
    }
}
