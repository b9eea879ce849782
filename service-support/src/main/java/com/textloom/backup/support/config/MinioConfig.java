package com.textloom.backup.support.config;

import com.textloom.backup.config.StorageEndpoint;
import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/**
 * The guide's {@code MINIO_*} variables; no endpoint means MinIO is not used. Defaults from suite-config's catalogue.
 * {@link #storage()} is the store they describe, read as the manager and the command line read it.
 */
@ConfigMapping(prefix = "minio")
public interface MinioConfig {

    /** MINIO_ENDPOINT: {@code host:port} or an http(s) URL. */
    Optional<String> endpoint();

    /** MINIO_ACCESS_KEY; a secret. */
    Optional<String> accessKey();

    /** MINIO_SECRET_KEY; a secret. */
    Optional<String> secretKey();

    /** MINIO_BUCKET. */
    String bucket();

    /** MINIO_PREFIX: key prefix inside the bucket. */
    Optional<String> prefix();

    /** MINIO_SECURE: https when {@link #endpoint()} has no scheme. */
    boolean secure();

    /** The store, when {@link #endpoint()} is set. */
    default Optional<StorageEndpoint> storage() {
        return endpoint().map(e -> StorageEndpoint.of(StorageEndpoint.Kind.MINIO, e, secure(), bucket(),
                prefix().orElse(""), false, ""));
    }
}
