package com.textloom.backup.support.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The guide's {@code BACKUP_*} variables that several services share, typed (the monitor maps its own:
 * interval, metrics retention, email, SMTP, Slack). Each method maps to the environment variable named in its
 * Javadoc (SmallRye maps {@code backup.daily-retention-days} to {@code BACKUP_DAILY_RETENTION_DAYS});
 * defaults are those of {@code .env.backup.example}. Bad values stop start-up naming the variable
 * ({@link VariableCheck}).
 */
@ConfigMapping(prefix = "backup")
public interface BackupConfig {

    /** BACKUP_DAILY_RETENTION_DAYS: daily backups kept. */
    @WithDefault("7")
    int dailyRetentionDays();

    /** BACKUP_WEEKLY_RETENTION_WEEKS: weekly backups kept. */
    @WithDefault("4")
    int weeklyRetentionWeeks();

    /** BACKUP_MONTHLY_RETENTION_MONTHS: monthly backups kept. */
    @WithDefault("12")
    int monthlyRetentionMonths();

    /** BACKUP_COMPRESSION_ENABLED: compress chunks (zstd). */
    @WithDefault("true")
    boolean compressionEnabled();

    /** BACKUP_ENCRYPTION_ENABLED: encrypt the repository (AES-256). */
    @WithDefault("true")
    boolean encryptionEnabled();

    /** BACKUP_ENCRYPTION_KEY: the key (Fernet form, URL-safe base64 of 32 bytes); a secret. */
    Optional<String> encryptionKey();

    /** BACKUP_LOCAL_DIR: the local repository directory. */
    @WithDefault("./backups")
    Path localDir();

    /** BACKUP_MODE: active, or standby (a standby manager does not take work). */
    @WithDefault("active")
    Mode mode();

    /**
     * BACKUP_API_KEY: when set, mutating API calls need {@code X-API-Key}; one key, or {@code name=key,...}
     * so audit lines name the caller ({@link com.textloom.backup.support.security.ApiKeys}); a secret.
     */
    Optional<String> apiKey();

    /** BACKUP_RESTORE_ROOTS: directories a restore may write into (comma-separated). */
    @WithDefault("./restore")
    List<Path> restoreRoots();

    /** BACKUP_MODE values. */
    enum Mode {
        /** Takes work. */
        ACTIVE,
        /** Waits (the guide's HA standby). */
        STANDBY
    }
}
