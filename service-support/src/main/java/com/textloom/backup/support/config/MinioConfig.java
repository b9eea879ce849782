package com.textloom.backup.support.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** The guide's {@code MINIO_*} variables; no endpoint means MinIO is not used. */
@ConfigMapping(prefix = "minio")
public interface MinioConfig {

    /** MINIO_ENDPOINT: {@code host:port} or an http(s) URL. */
    Optional<String> endpoint();

    /** MINIO_ACCESS_KEY; a secret. */
    Optional<String> accessKey();

    /** MINIO_SECRET_KEY; a secret. */
    Optional<String> secretKey();

    /** MINIO_BUCKET. */
    @WithDefault("textloom-backups")
    String bucket();
}
