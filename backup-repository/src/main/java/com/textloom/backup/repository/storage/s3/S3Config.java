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
 */
public record S3Config(
        String endpoint, String accessKey, String secretKey, String bucket, String prefix, long partSize) {

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
    }

    /** A configuration with the default part size. */
    public static S3Config of(String endpoint, String accessKey, String secretKey, String bucket, String prefix) {
        return new S3Config(endpoint, accessKey, secretKey, bucket, prefix, DEFAULT_PART_SIZE);
    }

    /**
     * From the guide's variables: {@code MINIO_ENDPOINT}, {@code MINIO_ACCESS_KEY},
     * {@code MINIO_SECRET_KEY}, {@code MINIO_BUCKET}, optional {@code MINIO_PREFIX}.
     *
     * @throws IllegalArgumentException naming the first missing variable
     */
    public static S3Config fromEnv(Map<String, String> env) {
        return of(
                RemoteEndpoint.required(env.get("MINIO_ENDPOINT"), "MINIO_ENDPOINT"),
                env.get("MINIO_ACCESS_KEY"),
                env.get("MINIO_SECRET_KEY"),
                env.get("MINIO_BUCKET"),
                env.getOrDefault("MINIO_PREFIX", ""));
    }

    /** {@code s3:ENDPOINT/BUCKET[/PREFIX]}, the repository URI of this store, without credentials. */
    public String describe() {
        return "s3:" + endpoint + "/" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    @Override
    public String toString() {
        return "S3Config[" + describe() + ", accessKey=" + accessKey + ", partSize=" + partSize + "]";
    }
}
