package com.textloom.backup.support.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** The guide's {@code OBS_*} variables (Huawei Cloud OBS); no endpoint means OBS is not used. */
@ConfigMapping(prefix = "obs")
public interface ObsConfig {

    /** OBS_ENDPOINT, e.g. {@code obs.cn-north-4.myhuaweicloud.com}. */
    Optional<String> endpoint();

    /** OBS_ACCESS_KEY; a secret. */
    Optional<String> accessKey();

    /** OBS_SECRET_KEY; a secret. */
    Optional<String> secretKey();

    /** OBS_BUCKET. */
    @WithDefault("textloom-backups")
    String bucket();
}
