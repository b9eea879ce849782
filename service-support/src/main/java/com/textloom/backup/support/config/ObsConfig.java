package com.textloom.backup.support.config;

import com.textloom.backup.config.StorageEndpoint;
import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/**
 * The guide's {@code OBS_*} variables (Huawei Cloud OBS); no endpoint means OBS is not used. Defaults from
 * suite-config's catalogue. {@link #storage()} is the store they describe, read as the manager and the command line
 * read it.
 */
@ConfigMapping(prefix = "obs")
public interface ObsConfig {

    /** OBS_ENDPOINT, e.g. {@code obs.cn-north-4.myhuaweicloud.com}. */
    Optional<String> endpoint();

    /** OBS_ACCESS_KEY; a secret. */
    Optional<String> accessKey();

    /** OBS_SECRET_KEY; a secret. */
    Optional<String> secretKey();

    /** OBS_BUCKET. */
    String bucket();

    /** OBS_PREFIX: key prefix inside the bucket. */
    Optional<String> prefix();

    /** OBS_PATH_STYLE: path-style requests (S3-compatible stand-ins). */
    boolean pathStyle();

    /** OBS_SIGNATURE: negotiate, v2, v4 or obs. */
    String signature();

    /** The store, when {@link #endpoint()} is set (https when it has no scheme). */
    default Optional<StorageEndpoint> storage() {
        return endpoint().map(e -> StorageEndpoint.of(StorageEndpoint.Kind.OBS, e, true, bucket(),
                prefix().orElse(""), pathStyle(), signature()));
    }
}
