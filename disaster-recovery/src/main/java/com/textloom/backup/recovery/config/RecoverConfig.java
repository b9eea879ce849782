package com.textloom.backup.recovery.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The variables of recoveries and drills (the guide's style of names; listed with defaults and meanings in
 * {@code .env.backup.example}, checked at start-up by suite-config's {@code SuiteVariables}). Hooks are commands run by
 * {@code /bin/sh -c} or http(s) URLs that get a POST; they may carry secrets and are never logged whole.
 */
@ConfigMapping(prefix = "")
public interface RecoverConfig {

    /** BACKUP_DR_STATE_DIR: where recoveries and drills are kept, one JSON file each (0700 / 0600). */
    @WithName("backup.dr.state-dir")
    @WithDefault("./disaster-recovery-state")
    Path stateDir();

    /** BACKUP_DR_ALLOW_IN_PLACE: whether a recovery may restore over live data without {@code force}. */
    @WithName("backup.dr.allow-in-place")
    @WithDefault("false")
    boolean allowInPlace();

    /** BACKUP_DR_RTO: per-scenario RTO targets overriding the guide's ({@code database_failure=30m,...}). */
    @WithName("backup.dr.rto")
    Optional<String> rto();

    /** BACKUP_DR_RPO: per-scenario RPO targets overriding the guide's ({@code database_failure=1h,...}). */
    @WithName("backup.dr.rpo")
    Optional<String> rpo();

    /** BACKUP_DR_POSTGRES_RESTART_COMMAND: hook run after the database was restored (restart PostgreSQL / the app's pools). */
    @WithName("backup.dr.postgres-restart-command")
    Optional<String> postgresRestartCommand();

    /** BACKUP_DR_REDIS_RESTART_COMMAND: hook that (re)starts a Redis server that is down. */
    @WithName("backup.dr.redis-restart-command")
    Optional<String> redisRestartCommand();

    /**
     * BACKUP_DR_REDIS_DATA_DIR: the Redis server's data directory (its {@code dir}), on this machine and under the
     * manager's BACKUP_RESTORE_ROOTS; with the restart hook it allows a cold start from the backup's RDB file when the
     * server is down. Unset = always the online restore.
     */
    @WithName("backup.dr.redis-data-dir")
    Optional<Path> redisDataDir();

    /** BACKUP_DR_REDIS_RDB_FILE: the Redis server's {@code dbfilename} in BACKUP_DR_REDIS_DATA_DIR. */
    @WithName("backup.dr.redis-rdb-file")
    @WithDefault("dump.rdb")
    String redisRdbFile();

    /** TEXTLOOM_APP_RESTART_COMMAND: hook that restarts the TextLoom application. */
    @WithName("textloom.app-restart-command")
    Optional<String> appRestartCommand();

    /** TEXTLOOM_APP_HEALTH_URL: the application's health URL (2xx = healthy), polled after a restart. */
    @WithName("textloom.app-health-url")
    Optional<String> appHealthUrl();

    /** BACKUP_DR_HEALTH_TIMEOUT: how long a recovery waits for the application to answer healthy after a restart. */
    @WithName("backup.dr.health-timeout")
    @WithDefault("2m")
    String healthTimeout();

    /** BACKUP_DR_SWITCH_COMMAND: hook that switches traffic to the standby environment (full_disaster). */
    @WithName("backup.dr.switch-command")
    Optional<String> switchCommand();

    /** BACKUP_DR_HOOK_TIMEOUT: how long a hook may run before it is killed. */
    @WithName("backup.dr.hook-timeout")
    @WithDefault("5m")
    String hookTimeout();

    /** BACKUP_DR_RESTORE_TIMEOUT: how long a recovery waits for the manager's answer to a restore or verify. */
    @WithName("backup.dr.restore-timeout")
    @WithDefault("2h")
    String restoreTimeout();

    /** BACKUP_DR_VERIFY_READ_DATA: whether the backup is verified with every data blob re-read before a restore. */
    @WithName("backup.dr.verify-read-data")
    @WithDefault("true")
    boolean verifyReadData();

    /** BACKUP_DR_DRILL_REDIS_DB: the spare Redis db a drill restores into (on the server of REDIS_URL). */
    @WithName("backup.dr.drill-redis-db")
    @WithDefault("15")
    int drillRedisDb();


    /** BACKUP_DR_DRILL_DIR: where a drill restores file components (must lie under the manager's BACKUP_RESTORE_ROOTS). */
    @WithName("backup.dr.drill-dir")
    @WithDefault("./restore/drill")
    Path drillDir();

    /**
     * BACKUP_DR_STANDBY_DATABASE: the standby database full_disaster restores into (a new database name on the
     * server of the manager's DATABASE_URL: the manager restores only there).
     */
    @WithName("backup.dr.standby-database")
    Optional<String> standbyDatabase();

    /** BACKUP_DR_STANDBY_REDIS_URL: the standby Redis full_disaster restores into ({@code redis://host:port/db}, no password). */
    @WithName("backup.dr.standby-redis-url")
    Optional<String> standbyRedisUrl();

    /** BACKUP_DR_STANDBY_DIR: full_disaster restores workspace and logs into DIR/workspace and DIR/logs (under BACKUP_RESTORE_ROOTS). */
    @WithName("backup.dr.standby-dir")
    Optional<Path> standbyDir();

    /** BACKUP_SCHEDULE_REPOSITORY: the repository name in events, as the manager and the scheduler use it. */
    @WithName("backup.schedule-repository")
    @WithDefault("default")
    String repository();

    /**
     * BACKUP_MANAGER_URL: the backup-manager's REST API (its catalogue); empty or unset = http://localhost:8080 (the
     * shipped example leaves it empty, which SmallRye would refuse for a plain String with a default).
     */
    @WithName("backup.manager-url")
    Optional<String> managerUrlSetting();

    /** BACKUP_MANAGER_URL, or http://localhost:8080. */
    default String managerUrl() {
        return managerUrlSetting().filter(u -> !u.isBlank()).orElse("http://localhost:8080");
    }

    /** The hook timeout as a duration. */
    default Duration hookTimeoutDuration() {
        return com.textloom.backup.config.VariableValues.duration("BACKUP_DR_HOOK_TIMEOUT", hookTimeout());
    }

    /** The health timeout as a duration. */
    default Duration healthTimeoutDuration() {
        return com.textloom.backup.config.VariableValues.duration("BACKUP_DR_HEALTH_TIMEOUT", healthTimeout());
    }

    /** The restore timeout as a duration. */
    default Duration restoreTimeoutDuration() {
        return com.textloom.backup.config.VariableValues.duration("BACKUP_DR_RESTORE_TIMEOUT", restoreTimeout());
    }
}
