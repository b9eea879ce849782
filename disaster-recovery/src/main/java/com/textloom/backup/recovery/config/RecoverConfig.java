package com.textloom.backup.recovery.config;

import com.textloom.backup.support.config.VariableDuration;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The variables of recoveries and drills, and those the assessment shares with them (BACKUP_MANAGER_URL,
 * TEXTLOOM_APP_HEALTH_URL), each mapped here once by its name ({@code backup.dr.state-dir} is
 * {@code BACKUP_DR_STATE_DIR}). Defaults, rules and meanings are suite-config's catalogue ({@code SuiteVariables},
 * the same as {@code .env.backup.example}): service-support's {@code VariableDefaults} supplies the defaults, so none
 * is written here, and a bad value stops start-up naming the variable. Hooks are commands run by
 * {@code /bin/sh -c} or http(s) URLs that get a POST; they may carry secrets and are never logged whole.
 */
@ConfigMapping(prefix = "")
public interface RecoverConfig {

    /** BACKUP_DR_STATE_DIR: where recoveries and drills are kept, one JSON file each (0700 / 0600). */
    @WithName("backup.dr.state-dir")
    Path stateDir();

    /** BACKUP_DR_ALLOW_IN_PLACE: whether a recovery may restore over live data without {@code force}. */
    @WithName("backup.dr.allow-in-place")
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
    String redisRdbFile();

    /** TEXTLOOM_APP_RESTART_COMMAND: hook that restarts the TextLoom application. */
    @WithName("textloom.app-restart-command")
    Optional<String> appRestartCommand();

    /** TEXTLOOM_APP_HEALTH_URL: the application's health URL (2xx = healthy), polled after a restart. */
    @WithName("textloom.app-health-url")
    Optional<String> appHealthUrl();

    /** BACKUP_DR_HEALTH_TIMEOUT: how long a recovery waits for the application to answer healthy after a restart. */
    @WithName("backup.dr.health-timeout")
    @WithConverter(VariableDuration.class)
    Duration healthTimeout();

    /** BACKUP_DR_SWITCH_COMMAND: hook that switches traffic to the standby environment (full_disaster). */
    @WithName("backup.dr.switch-command")
    Optional<String> switchCommand();

    /** BACKUP_DR_HOOK_TIMEOUT: how long a hook may run before it is killed. */
    @WithName("backup.dr.hook-timeout")
    @WithConverter(VariableDuration.class)
    Duration hookTimeout();

    /** BACKUP_DR_RESTORE_TIMEOUT: how long a recovery waits for the manager's answer to a restore or verify. */
    @WithName("backup.dr.restore-timeout")
    @WithConverter(VariableDuration.class)
    Duration restoreTimeout();

    /** BACKUP_DR_VERIFY_READ_DATA: whether the backup is verified with every data blob re-read before a restore. */
    @WithName("backup.dr.verify-read-data")
    boolean verifyReadData();

    /** BACKUP_DR_DRILL_REDIS_DB: the spare Redis db a drill restores into (on the server of REDIS_URL). */
    @WithName("backup.dr.drill-redis-db")
    int drillRedisDb();

    /** BACKUP_DR_DRILL_DIR: where a drill restores file components (must lie under the manager's BACKUP_RESTORE_ROOTS). */
    @WithName("backup.dr.drill-dir")
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
    String repository();

    /**
     * BACKUP_MANAGER_URL: the backup-manager's REST API: its catalogue and health, for recoveries and the assessment;
     * one URL, or the managers of an HA pair comma-separated (read with {@code VariableValues.urlList}).
     */
    @WithName("backup.manager-url")
    String managerUrl();
}
