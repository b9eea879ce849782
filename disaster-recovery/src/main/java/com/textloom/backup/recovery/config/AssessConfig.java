package com.textloom.backup.recovery.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

import java.util.Optional;

/**
 * What the assessment checks and how often, from the guide-style variables named in each method's Javadoc
 * (application.properties binds each variable to its property explicitly). Every value is optional here, so that a
 * variable set but empty (as {@code .env.backup.example} ships some) means "the default", which
 * {@code assess.AssessSettings} applies: the defaults are those of {@code .env.backup.example}. The protected application's URLs come from service-support's
 * {@code ProtectedAppConfig}, MinIO / OBS credentials from its {@code MinioConfig} / {@code ObsConfig}.
 */
@ConfigMapping(prefix = "textloom.recovery.assess")
public interface AssessConfig {

    /** BACKUP_DR_ASSESS_INTERVAL: how often the periodic assessment runs (seconds or 30s, 1m ...). */
    Optional<String> interval();

    /** BACKUP_DR_CHECK_TIMEOUT: the longest one check may take; past it the check is critical (or degraded). */
    @WithName("check-timeout")
    Optional<String> checkTimeout();

    /**
     * BACKUP_DR_KEY_LOSS_RATIO: a Redis db holding fewer keys than this fraction of what the newest backup
     * recorded has lost data (0.5: lost more than half).
     */
    @WithName("key-loss-ratio")
    Optional<String> keyLossRatio();

    /** TEXTLOOM_APP_HEALTH_URL: the TextLoom application's health URL; unset: the application check is skipped. */
    @WithName("app-health-url")
    Optional<String> appHealthUrl();

    /** BACKUP_MANAGER_URL: the backup manager (its catalogue and health). */
    @WithName("manager-url")
    Optional<String> managerUrl();

    /** BACKUP_SCHEDULER_URL: the backup scheduler (health). */
    @WithName("scheduler-url")
    Optional<String> schedulerUrl();

    /** BACKUP_MONITOR_URL: the backup monitor (health). */
    @WithName("monitor-url")
    Optional<String> monitorUrl();

    /** BACKUP_MONITOR_RPO: per component the longest acceptable age of its newest good backup. */
    Optional<String> rpo();

    /** BACKUP_REPOSITORY: the repository URI; unset: BACKUP_LOCAL_DIR. */
    Optional<String> repository();

    /** BACKUP_REMOTES: the remote copies; unset: MinIO and / or OBS when configured. */
    Optional<String> remotes();

    /** MINIO_PREFIX, MINIO_SECURE, OBS_PREFIX, OBS_PATH_STYLE, OBS_SIGNATURE: how the remotes are addressed. */
    @WithName("minio-prefix")
    Optional<String> minioPrefix();

    @WithName("minio-secure")
    Optional<String> minioSecure();

    @WithName("obs-prefix")
    Optional<String> obsPrefix();

    @WithName("obs-path-style")
    Optional<String> obsPathStyle();

    @WithName("obs-signature")
    Optional<String> obsSignature();
}
