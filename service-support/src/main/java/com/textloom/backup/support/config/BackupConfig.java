package com.textloom.backup.support.config;

import com.textloom.backup.config.VariableValues;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The guide's {@code BACKUP_*} variables that several services share, typed (the monitor maps its own:
 * interval, metrics retention, email, SMTP, Slack). Each method maps to the environment variable named in its
 * Javadoc (SmallRye maps {@code backup.daily-retention-days} to {@code BACKUP_DAILY_RETENTION_DAYS});
 * defaults come from suite-config's catalogue ({@link VariableDefaults}), which {@code .env.backup.example} agrees
 * with. Bad values stop start-up naming the variable ({@link VariableCheck}).
 */
@ConfigMapping(prefix = "backup")
public interface BackupConfig {

    /** BACKUP_DAILY_RETENTION_DAYS: daily backups kept. */
    int dailyRetentionDays();

    /** BACKUP_WEEKLY_RETENTION_WEEKS: weekly backups kept. */
    int weeklyRetentionWeeks();

    /** BACKUP_MONTHLY_RETENTION_MONTHS: monthly backups kept. */
    int monthlyRetentionMonths();

    /** BACKUP_COMPRESSION_ENABLED: compress chunks (zstd). */
    boolean compressionEnabled();

    /** BACKUP_ENCRYPTION_ENABLED: encrypt the repository (AES-256). */
    boolean encryptionEnabled();

    /** BACKUP_ENCRYPTION_KEY: the key (Fernet form, URL-safe base64 of 32 bytes); a secret. */
    Optional<String> encryptionKey();

    /** BACKUP_LOCAL_DIR: the local repository directory. */
    Path localDir();

    /**
     * BACKUP_MODE: active (a manager alone), or standby (a member of an HA pair: it takes work only while it is elected;
     * backup-manager's {@code ha.ManagerRole}).
     */
    Mode mode();

    /**
     * BACKUP_API_KEY: when set, mutating API calls need {@code X-API-Key}; one key, or {@code name=key,...}
     * so audit lines name the caller ({@link com.textloom.backup.support.security.ApiKeys}); a secret.
     */
    Optional<String> apiKey();

    /**
     * BACKUP_RESTORE_ROOTS: directories a restore may write into, as written (comma-separated; read by
     * {@link VariableValues#paths}, as the manager reads it).
     */
    default List<Path> restoreRoots() {
        return VariableValues.paths("BACKUP_RESTORE_ROOTS", restoreRootsSetting());
    }

    /** BACKUP_RESTORE_ROOTS as set; {@link #restoreRoots()} reads it. */
    @WithName("restore-roots")
    String restoreRootsSetting();

    /** BACKUP_MODE values. */
    enum Mode {
        /** Takes work from the start. */
        ACTIVE,
        /** Takes work only while elected among the standby managers (the guide's HA standby). */
        STANDBY
    }
}
