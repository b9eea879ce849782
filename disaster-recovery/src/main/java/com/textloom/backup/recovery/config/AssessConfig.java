package com.textloom.backup.recovery.config;

import com.textloom.backup.support.config.VariableDuration;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/**
 * What the assessment alone reads, each variable mapped by its name ({@code backup.dr.check-timeout} is
 * {@code BACKUP_DR_CHECK_TIMEOUT}). Defaults, rules and meanings are suite-config's catalogue ({@code SuiteVariables},
 * the same as {@code .env.backup.example}; service-support's {@code VariableDefaults} supplies the defaults), so none
 * is written here. What recoveries read too is mapped once, in {@link RecoverConfig} (BACKUP_MANAGER_URL,
 * TEXTLOOM_APP_HEALTH_URL); the protected application's URLs come from service-support's {@code ProtectedAppConfig},
 * the remote copies (BACKUP_REMOTES, MINIO_*, OBS_*) from suite-config's {@code StorageEndpoint} over the configuration
 * ({@code SuiteLookup}), as the manager reads them.
 */
@ConfigMapping(prefix = "")
public interface AssessConfig {

    /** BACKUP_DR_ASSESS_INTERVAL: how often the periodic assessment runs. */
    @WithName("backup.dr.assess-interval")
    @WithConverter(VariableDuration.class)
    Duration interval();

    /** BACKUP_DR_CHECK_TIMEOUT: the longest one check may take; past it the check is critical (or degraded). */
    @WithName("backup.dr.check-timeout")
    @WithConverter(VariableDuration.class)
    Duration checkTimeout();

    /**
     * BACKUP_DR_KEY_LOSS_RATIO: a Redis db holding fewer keys than this fraction of what the newest backup
     * recorded has lost data (0.5: lost more than half).
     */
    @WithName("backup.dr.key-loss-ratio")
    double keyLossRatio();

    /** BACKUP_SCHEDULER_URL: the backup scheduler (health). */
    @WithName("backup.scheduler-url")
    String schedulerUrl();

    /** BACKUP_MONITOR_URL: the backup monitor (health). */
    @WithName("backup.monitor-url")
    String monitorUrl();

    /** BACKUP_MONITOR_RPO: per component the longest acceptable age of its newest good backup. */
    @WithName("backup.monitor-rpo")
    String rpo();

    /** BACKUP_REPOSITORY: the repository URI; unset: BACKUP_LOCAL_DIR. */
    @WithName("backup.repository")
    Optional<String> repository();
}
