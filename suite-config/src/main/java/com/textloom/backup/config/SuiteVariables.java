package com.textloom.backup.config;

import static com.textloom.backup.config.VariableRule.API_AUTH;
import static com.textloom.backup.config.VariableRule.BOOLEAN;
import static com.textloom.backup.config.VariableRule.EMAIL;
import static com.textloom.backup.config.VariableRule.EMAIL_LIST;
import static com.textloom.backup.config.VariableRule.ENDPOINT;
import static com.textloom.backup.config.VariableRule.FERNET_KEY;
import static com.textloom.backup.config.VariableRule.FRACTION;
import static com.textloom.backup.config.VariableRule.HOST_PORT_LIST;
import static com.textloom.backup.config.VariableRule.HTTP_URL;
import static com.textloom.backup.config.VariableRule.HTTP_URL_LIST;
import static com.textloom.backup.config.VariableRule.MODE;
import static com.textloom.backup.config.VariableRule.NAMED_DURATIONS;
import static com.textloom.backup.config.VariableRule.NAMED_KEYS;
import static com.textloom.backup.config.VariableRule.NAMED_URLS;
import static com.textloom.backup.config.VariableRule.PATH;
import static com.textloom.backup.config.VariableRule.PATH_LIST;
import static com.textloom.backup.config.VariableRule.PERCENT;
import static com.textloom.backup.config.VariableRule.PORT;
import static com.textloom.backup.config.VariableRule.POSITIVE_NUMBER;
import static com.textloom.backup.config.VariableRule.POSTGRES_URL;
import static com.textloom.backup.config.VariableRule.REDIS_URL;
import static com.textloom.backup.config.VariableRule.SECONDS_OR_DURATION;
import static com.textloom.backup.config.VariableRule.SIZE;
import static com.textloom.backup.config.VariableRule.TEXT;
import static com.textloom.backup.config.VariableRule.TIME_ZONE;
import static com.textloom.backup.config.VariableRule.WHOLE_NUMBER;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The suite's variables: every environment variable a service or the command line reads, with its rule, default,
 * secrecy and meaning, in the order and sections of {@code .env.backup.example} (which must agree with this list:
 * service-support's {@code EnvExampleTest}). This is the one place a variable is defined:
 * <ul>
 *   <li>the services get its default from here (service-support's {@code VariableDefaults} configuration source;
 *       no {@code @WithDefault}, no default in {@code application.properties}), check its value by its rule at
 *       start-up and warn about a name of the suite that is in no catalogue ({@link UnknownVariables});</li>
 *   <li>plain Java (the command line, the manager's settings) reads it with {@link Variable#value} or
 *       {@link #value(String, Function)}: the set value, else this default, checked by the rule.</li>
 * </ul>
 * Registered in {@code META-INF/services/com.textloom.backup.config.VariableCatalog}, so every service checks every
 * variable of the suite, also the ones it does not read (one {@code .env.backup} serves them all).
 */
public final class SuiteVariables implements VariableCatalog {

    private static final List<Variable> VARIABLES = List.of(
            // ==== Backup policy (the guide's 备份策略)
            of("BACKUP_DAILY_RETENTION_DAYS", WHOLE_NUMBER, "7", "daily backups kept (GFS tier daily)"),
            of("BACKUP_WEEKLY_RETENTION_WEEKS", WHOLE_NUMBER, "4", "weekly backups kept"),
            of("BACKUP_MONTHLY_RETENTION_MONTHS", WHOLE_NUMBER, "12", "monthly backups kept"),
            of("BACKUP_KEEP_LAST", WHOLE_NUMBER, "0", "also keep the N newest backups whatever their tier (0 = off)"),
            of(
                    "BACKUP_RETENTION_TIMEZONE",
                    TIME_ZONE,
                    "",
                    "zone that days/weeks/months are counted in; empty = TZ, else UTC"),
            of("BACKUP_COMPRESSION_ENABLED", BOOLEAN, "true", "compress chunks (zstd)"),
            of("BACKUP_COMPRESSION_LEVEL", TEXT, "3", "zstd level, 1 (fast) .. 19 (small)"),
            of("BACKUP_ENCRYPTION_ENABLED", BOOLEAN, "true", "encrypt the repository (AES-256)"),
            secret(
                    "BACKUP_ENCRYPTION_KEY",
                    FERNET_KEY,
                    "",
                    "the repository key, Fernet form (URL-safe base64 of 32 bytes); without it no backup can be restored"),
            // ==== Storage (the guide's 存储配置)
            of(
                    "BACKUP_LOCAL_DIR",
                    PATH,
                    "./backups",
                    "the local repository (restic-like layout, see backup-repository/FORMAT.md)"),
            of(
                    "BACKUP_REPOSITORY",
                    TEXT,
                    "",
                    "repository location URI instead of BACKUP_LOCAL_DIR (file:, s3:, obs:); empty = BACKUP_LOCAL_DIR"),
            of(
                    "BACKUP_REMOTES",
                    TEXT,
                    "",
                    "remote copies after each backup, comma-separated URIs; empty = MinIO and/or OBS below when set"),
            of("MINIO_ENDPOINT", ENDPOINT, "", "host:port or http(s)://host:port; empty = no MinIO copy")
                    .shipped("localhost:9000"),
            secret("MINIO_ACCESS_KEY", TEXT, "", "MinIO access key (secret)").shipped("minioadmin"),
            secret("MINIO_SECRET_KEY", TEXT, "", "MinIO secret key (secret)").shipped("minioadmin123"),
            of("MINIO_BUCKET", TEXT, "textloom-backups", "bucket for the remote copy"),
            of("MINIO_PREFIX", TEXT, "", "key prefix inside the bucket (e.g. textloom/)"),
            of("MINIO_SECURE", BOOLEAN, "false", "use https when MINIO_ENDPOINT has no scheme"),
            of(
                            "MINIO_CONNECTIONS",
                            POSITIVE_NUMBER,
                            "2",
                            "pack uploads a backup to MinIO/S3 overlaps; beyond 2, each costs ~16-40 MB of peak RSS")
                    .within(1, 16),
            of("OBS_ENDPOINT", ENDPOINT, "", "OBS endpoint; empty = no OBS copy"),
            secret("OBS_ACCESS_KEY", TEXT, "", "OBS access key (secret)"),
            secret("OBS_SECRET_KEY", TEXT, "", "OBS secret key (secret)"),
            of("OBS_BUCKET", TEXT, "textloom-backups", "bucket for the remote copy"),
            of("OBS_PREFIX", TEXT, "", "key prefix inside the bucket"),
            of("OBS_PATH_STYLE", BOOLEAN, "false", "path-style requests (needed by S3-compatible stand-ins)"),
            of("OBS_SIGNATURE", TEXT, "negotiate", "request signing: negotiate, v2, v4 or obs"),
            // ==== Alerts (the guide's 告警通知)
            of("BACKUP_EMAIL_ALERTS_ENABLED", BOOLEAN, "false", "send alerts by email"),
            of("BACKUP_SMTP_SERVER", TEXT, "localhost", "SMTP server"),
            of("BACKUP_SMTP_PORT", PORT, "587", "SMTP port"),
            of("BACKUP_SMTP_USERNAME", TEXT, "", "SMTP user; empty = no login"),
            secret("BACKUP_SMTP_PASSWORD", TEXT, "", "SMTP password (secret)"),
            of(
                    "BACKUP_SMTP_STARTTLS",
                    TEXT,
                    "REQUIRED",
                    "REQUIRED (no mail, and no password, over a connection that"
                            + " cannot be upgraded to TLS), OPTIONAL (upgrade when offered) or DISABLED"),
            of("BACKUP_EMAIL_FROM", EMAIL, "backup-monitor@localhost", "sender address"),
            of("BACKUP_EMAIL_TO", EMAIL_LIST, "", "recipients, comma-separated"),
            of("BACKUP_SLACK_ALERTS_ENABLED", BOOLEAN, "false", "send alerts to Slack"),
            secret("BACKUP_SLACK_WEBHOOK_URL", HTTP_URL, "", "Slack incoming-webhook URL (secret)"),
            of("BACKUP_SLACK_CHANNEL", TEXT, "", "channel override, e.g. #alerts; empty = the webhook's own"),
            of("BACKUP_WEBHOOK_ALERTS_ENABLED", BOOLEAN, "false", "POST each alert as JSON to a URL"),
            secret("BACKUP_WEBHOOK_URL", HTTP_URL, "", "the webhook URL (secret)"),
            // ==== Performance (the guide's 性能调优)
            of(
                            "BACKUP_PARALLEL_JOBS",
                            POSITIVE_NUMBER,
                            "2",
                            "parallel jobs: pg_dump/pg_restore --jobs, chunking, uploads (guide's example: 8)")
                    .within(1, 64),
            of(
                    "BACKUP_CHUNK_SIZE",
                    SIZE,
                    "1048576",
                    "chunking block size in bytes or with K/M/G (guide's example: 134217728); clamped to 64K..8M average"),
            of(
                    "BACKUP_MONITOR_INTERVAL",
                    SECONDS_OR_DURATION,
                    "300",
                    "seconds between two evaluations of the monitor's rules (guide's example: 600)"),
            of(
                    "BACKUP_METRICS_RETENTION_DAYS",
                    POSITIVE_NUMBER,
                    "7",
                    "days of metrics history the monitor keeps and shows"),
            // ==== The protected TextLoom application
            secret(
                            "DATABASE_URL",
                            POSTGRES_URL,
                            "",
                            "PostgreSQL database to back up; the TextLoom database in production (may hold a password: secret)")
                    .shipped("postgresql://postgres@127.0.0.1:5432/postgres"),
            secret("REDIS_URL", REDIS_URL, "", "Redis to back up (may hold a password: secret)")
                    .shipped("redis://127.0.0.1:6379/0"),
            of("TEXTLOOM_WORKSPACE_DIR", PATH, "./workspace", "the application's workspace files"),
            of(
                    "TEXTLOOM_LOG_DIR",
                    PATH,
                    "./logs",
                    "the application's log files (rotated and compressed ones included)"),
            // ==== The suite itself
            of("KAFKA_BOOTSTRAP_SERVERS", HOST_PORT_LIST, "127.0.0.1:9092", "Kafka broker(s), host:port[,host:port]"),
            of(
                    "BACKUP_KAFKA_SECURITY_PROTOCOL",
                    TEXT,
                    "PLAINTEXT",
                    "how every Kafka client of the suite talks to the"
                            + " broker: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL"),
            of("BACKUP_KAFKA_SASL_MECHANISM", TEXT, "PLAIN", "with SASL_*: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512"),
            of("BACKUP_KAFKA_SASL_USERNAME", TEXT, "", "with SASL_*: the user the suite logs in as"),
            secret("BACKUP_KAFKA_SASL_PASSWORD", TEXT, "", "with SASL_*: that user's password (secret)"),
            of(
                    "BACKUP_KAFKA_TRUSTSTORE",
                    PATH,
                    "",
                    "with SSL or SASL_SSL: truststore (PKCS12 or JKS) of the broker's"
                            + " certificate authority; empty = the JVM's"),
            secret("BACKUP_KAFKA_TRUSTSTORE_PASSWORD", TEXT, "", "the truststore's password, if it has one (secret)"),
            secret(
                    "BACKUP_EVENT_SIGNING_KEY",
                    TEXT,
                    "",
                    "shared secret every producer signs requests on Kafka with"
                            + " (HMAC-SHA256, key derived by HKDF); the manager refuses in-place restores, retention and storage"
                            + " switches not signed with it, and, when set, every unsigned request (secret; the same in every service)"),
            secret(
                    "BACKUP_EVENT_SIGNING_KEY_PREVIOUS",
                    TEXT,
                    "",
                    "during a rotation of BACKUP_EVENT_SIGNING_KEY: the key"
                            + " before it, accepted to verify requests signed before the rotation, never used to sign; remove it"
                            + " when every service has the new key and 24 h passed (secret; backup-manager's README)"),
            of(
                    "BACKUP_MODE",
                    MODE,
                    "active",
                    "active (a manager alone, works from the start) or standby (a member of an HA pair: works only while elected among the standby managers of the same broker, repository and state directory; see backup-manager's README)"),
            of("BACKUP_SCHEDULE_REPOSITORY", TEXT, "default", "name of the repository in events (the Kafka key)"),
            secret(
                    "BACKUP_API_KEY",
                    NAMED_KEYS,
                    "",
                    "when set, POST/PUT/PATCH/DELETE need header X-API-Key: <key>;"
                            + " one key, or name=key[,name=key] so audit lines name the caller (secret)"),
            of(
                    "BACKUP_API_AUTH",
                    API_AUTH,
                    "required",
                    "required: without BACKUP_API_KEY, POST/PUT/PATCH/DELETE and backup"
                            + " details are refused (401); disabled: no authentication at all (warned at every start)"),
            of(
                    "BACKUP_RESTORE_ROOTS",
                    PATH_LIST,
                    "./restore",
                    "directories a restore may write into (comma-separated);"
                            + " created 0700; no symbolic link is followed below them"),
            of(
                    "BACKUP_RESTORE_REDIS_HOSTS",
                    TEXT,
                    "",
                    "Redis hosts (host or host:port, comma-separated) a restore that"
                            + " is not in place may write to; empty = only REDIS_URL's server"),
            of(
                    "BACKUP_MANAGER_URL",
                    HTTP_URL_LIST,
                    "http://localhost:8080",
                    "the command line and disaster-recovery: where the backup manager is; or the managers of an HA"
                            + " pair, comma-separated (disaster-recovery tries them in order, the command line sends each"
                            + " command to the active one)"),
            of(
                    "BACKUP_DR_URL",
                    HTTP_URL,
                    "http://localhost:8083",
                    "the command line (assess, recover, drill) and the monitor's recovery objectives and drill reports:"
                            + " where disaster-recovery is"),
            of(
                    "BACKUP_SCHEDULER_URL",
                    HTTP_URL,
                    "http://localhost:8082",
                    "scripts/backup_scheduler.sh and disaster-recovery's assessment: where the scheduler is"),
            of(
                    "BACKUP_MONITOR_URL",
                    HTTP_URL,
                    "http://localhost:8081",
                    "scripts/backup_monitor.sh and disaster-recovery's assessment: where the monitor is"),
            of(
                    "BACKUP_STATE_DIR",
                    PATH,
                    "",
                    "empty = beside a local repository (./backups -> ./backups-manager-state),"
                            + " else ./backup-manager-state"),
            of("BACKUP_OPERATIONS_KEEP", WHOLE_NUMBER, "1000", "finished operations kept (the oldest go first)")
                    .within(10, 1_000_000),
            of("BACKUP_OPERATIONS_KEEP_DAYS", POSITIVE_NUMBER, "30", "... and for at most this many days")
                    .within(1, 3650),
            of(
                    "BACKUP_REQUEST_MAX_AGE",
                    SECONDS_OR_DURATION,
                    "1h",
                    "a restore, verify or retention request older than"
                            + " this when the manager takes it is not run (replay guard)"),
            of(
                    "BACKUP_TOOL_TIMEOUT",
                    SECONDS_OR_DURATION,
                    "6h",
                    "longest a tool (pg_dump, pg_restore, psql) may run:"
                            + " then it is stopped and its component fails; a table lock is waited for at most half of it, 2 min at most"),
            // ==== Schedules (backup-scheduler)
            of("BACKUP_SCHEDULE_DAILY", TEXT, "0 2 * * *", "daily backup (tier daily)"),
            of(
                    "BACKUP_SCHEDULE_DAILY_COMPONENTS",
                    TEXT,
                    "database,redis,workspace,logs",
                    "components of the daily backup"),
            of("BACKUP_SCHEDULE_DAILY_ENABLED", BOOLEAN, "true", "run the daily backup"),
            of("BACKUP_SCHEDULE_WEEKLY", TEXT, "0 3 * * 0", "weekly backup (tier weekly), Sundays"),
            of(
                    "BACKUP_SCHEDULE_WEEKLY_COMPONENTS",
                    TEXT,
                    "database,redis,workspace,logs",
                    "components of the weekly backup"),
            of("BACKUP_SCHEDULE_WEEKLY_ENABLED", BOOLEAN, "true", "run the weekly backup"),
            of("BACKUP_SCHEDULE_MONTHLY", TEXT, "0 4 1 * *", "monthly backup (tier monthly), on the 1st"),
            of(
                    "BACKUP_SCHEDULE_MONTHLY_COMPONENTS",
                    TEXT,
                    "database,redis,workspace,logs",
                    "components of the monthly backup"),
            of("BACKUP_SCHEDULE_MONTHLY_ENABLED", BOOLEAN, "true", "run the monthly backup"),
            of(
                    "BACKUP_SCHEDULE_INCREMENTAL",
                    TEXT,
                    "*/30 * * * *",
                    "incremental backup, every 30 minutes (database RPO 1 h)"),
            of(
                    "BACKUP_SCHEDULE_INCREMENTAL_COMPONENTS",
                    TEXT,
                    "database,redis,workspace,logs",
                    "components of the incremental backup"),
            of("BACKUP_SCHEDULE_INCREMENTAL_ENABLED", BOOLEAN, "true", "run the incremental backup"),
            of(
                    "BACKUP_SCHEDULE_FREQUENT",
                    TEXT,
                    "*/5 * * * *",
                    "frequent incremental backup, every 5 minutes (Redis RPO 15 min)"),
            of("BACKUP_SCHEDULE_FREQUENT_COMPONENTS", TEXT, "redis", "components of the frequent backup"),
            of("BACKUP_SCHEDULE_FREQUENT_ENABLED", BOOLEAN, "true", "run the frequent backup"),
            of(
                    "BACKUP_SCHEDULE_CLEANUP",
                    TEXT,
                    "0 5 * * *",
                    "retention and prune (the guide's backup_scheduler.sh cleanup)"),
            of("BACKUP_SCHEDULE_CLEANUP_ENABLED", BOOLEAN, "true", "run retention and prune"),
            of(
                    "BACKUP_SCHEDULE_RESTORE_TEST",
                    TEXT,
                    "0 6 1 * *",
                    "restore test (drills into scratch targets), monthly on the 1st"),
            of(
                    "BACKUP_SCHEDULE_RESTORE_TEST_SCENARIOS",
                    TEXT,
                    "database_failure,redis_failure",
                    "scenarios the restore test drills"),
            of("BACKUP_SCHEDULE_RESTORE_TEST_ENABLED", BOOLEAN, "true", "run the restore test"),
            of("BACKUP_SCHEDULE_DR_DRILL", TEXT, "0 7 1 1,4,7,10 *", "disaster-recovery drill, quarterly on the 1st"),
            of(
                    "BACKUP_SCHEDULE_DR_DRILL_SCENARIOS",
                    TEXT,
                    "full_disaster",
                    "scenarios the disaster-recovery drill drills"),
            of("BACKUP_SCHEDULE_DR_DRILL_ENABLED", BOOLEAN, "true", "run the disaster-recovery drill"),
            of(
                    "BACKUP_SCHEDULE_VERIFY",
                    TEXT,
                    "0 8 * * *",
                    "repository verify reading a random sample of the packs, daily"),
            of("BACKUP_SCHEDULE_VERIFY_ENABLED", BOOLEAN, "true", "run the scheduled verify"),
            of(
                    "BACKUP_VERIFY_READ_DATA_PERCENT",
                    PERCENT,
                    "35",
                    "share of packs the scheduled verify reads (drawn at"
                            + " random each run): damage in a pack is missed by 7 daily runs with probability (1 - p)^7, 4.9 % at 35"),
            of("BACKUP_SCHEDULE_TIMEZONE", TIME_ZONE, "UTC", "zone the crons are read in"),
            of(
                    "BACKUP_SCHEDULE_CATCHUP_HOURS",
                    WHOLE_NUMBER,
                    "24",
                    "after downtime, a slot missed within this window runs once (0 = never)"),
            // ==== Monitoring thresholds (backup-monitor)
            of(
                    "BACKUP_MONITOR_RPO",
                    NAMED_DURATIONS,
                    "database=1h,redis=15m,workspace=2h,logs=4h",
                    "RPO per component: no successful backup within it raises an alert"),
            of("BACKUP_DISK_WARNING_PERCENT", PERCENT, "85", "disk usage of BACKUP_LOCAL_DIR that raises a warning"),
            of("BACKUP_DISK_CRITICAL_PERCENT", PERCENT, "95", "... and a critical alert"),
            of(
                    "BACKUP_MONITOR_SUSPICIOUS_DROP",
                    FRACTION,
                    "0.5",
                    "a successful backup this much smaller than the previous one is suspicious"),
            of(
                    "BACKUP_MONITOR_DRILL_PERIOD",
                    NAMED_DURATIONS,
                    "database_failure=32d,redis_failure=32d,full_disaster=93d",
                    "per scenario, the longest time without a successful drill before drill_overdue (the scheduler's"
                            + " monthly restore test and quarterly DR drill, plus a day); never drilled counts from the monitor's start"),
            of(
                    "BACKUP_ALERT_RENOTIFY_INTERVAL",
                    SECONDS_OR_DURATION,
                    "1h",
                    "re-notify an active, unacknowledged alert this often"),
            of("BACKUP_ALERT_RETRY_ATTEMPTS", POSITIVE_NUMBER, "3", "tries per notification channel"),
            of(
                    "BACKUP_ALERT_RETRY_BACKOFF",
                    SECONDS_OR_DURATION,
                    "2s",
                    "wait before the second try, doubled each time"),
            of("BACKUP_ALERT_TIMEOUT", SECONDS_OR_DURATION, "10s", "timeout of one webhook / Slack call"),
            of(
                    "BACKUP_MONITOR_SERVICES",
                    NAMED_URLS,
                    "backup-manager=http://localhost:8080,"
                            + "backup-scheduler=http://localhost:8082,disaster-recovery=http://localhost:8083",
                    "services whose /q/health/ready is watched; set but empty = none"),
            of(
                    "BACKUP_MONITOR_BACKENDS",
                    NAMED_URLS,
                    "",
                    "storage endpoints to watch, name=url[,...]; empty = MINIO_ENDPOINT / OBS_ENDPOINT"),
            of("BACKUP_MONITOR_PROBE_TIMEOUT", SECONDS_OR_DURATION, "5s", "timeout of one service / backend probe"),
            of("BACKUP_MONITOR_NODE", TEXT, "", "this monitor instance's name; empty = the host name"),
            // ==== Disaster recovery: assess (disaster-recovery, GET /api/assess)
            secret(
                    "TEXTLOOM_APP_HEALTH_URL",
                    HTTP_URL,
                    "",
                    "the TextLoom application's health URL (2xx = healthy);"
                            + " empty = the application is not checked (secret: may hold a token)"),
            of(
                    "BACKUP_DR_ASSESS_INTERVAL",
                    SECONDS_OR_DURATION,
                    "60s",
                    "how often the assessment runs on its own"
                            + " (seconds or 30s, 5m ...); GET /api/assess answers the newest"),
            of(
                    "BACKUP_DR_CHECK_TIMEOUT",
                    SECONDS_OR_DURATION,
                    "5s",
                    "the longest one check (PostgreSQL, Redis, app,"
                            + " storage, backups, suite) may take; past it: not answering"),
            of(
                    "BACKUP_DR_KEY_LOSS_RATIO",
                    FRACTION,
                    "0.5",
                    "a Redis db holding fewer keys than this fraction of the"
                            + " newest backup's count has lost data (redis_failure)"),
            // ==== Disaster recovery: recover, drill, objectives (disaster-recovery)
            of(
                    "BACKUP_DR_STATE_DIR",
                    PATH,
                    "./disaster-recovery-state",
                    "recoveries and drills, one 0600 JSON file each, kept across restarts"),
            of(
                    "BACKUP_DR_ALLOW_IN_PLACE",
                    BOOLEAN,
                    "false",
                    "let a recovery restore over live data without --force (the broken data is always set aside first)"),
            of(
                    "BACKUP_DR_RTO",
                    NAMED_DURATIONS,
                    "",
                    "RTO targets overriding the guide's table, e.g. database_failure=30m,redis_failure=10m"),
            of(
                    "BACKUP_DR_RPO",
                    NAMED_DURATIONS,
                    "",
                    "RPO targets overriding the guide's table, e.g. database_failure=1h,redis_failure=15m"),
            secret(
                    "BACKUP_DR_POSTGRES_RESTART_COMMAND",
                    TEXT,
                    "",
                    "after a database restore: restart PostgreSQL / the app's connection pools (secret)"),
            secret("BACKUP_DR_REDIS_RESTART_COMMAND", TEXT, "", "start the Redis server when it is down (secret)"),
            of(
                    "BACKUP_DR_REDIS_DATA_DIR",
                    PATH,
                    "",
                    "the Redis server's data directory (its dir; under the manager's BACKUP_RESTORE_ROOTS): with the"
                            + " restart hook, a Redis that is down is cold-started from the backup's RDB file; unset = online restore"),
            of(
                    "BACKUP_DR_REDIS_RDB_FILE",
                    TEXT,
                    "dump.rdb",
                    "the Redis server's dbfilename in BACKUP_DR_REDIS_DATA_DIR (set aside, never deleted, before the cold start)"),
            secret(
                    "TEXTLOOM_APP_RESTART_COMMAND",
                    TEXT,
                    "",
                    "restart the TextLoom application (application_failure) (secret)"),
            of(
                    "BACKUP_DR_HEALTH_TIMEOUT",
                    SECONDS_OR_DURATION,
                    "2m",
                    "how long application_failure waits for the health URL to answer 2xx after the restart"),
            secret(
                    "BACKUP_DR_SWITCH_COMMAND",
                    TEXT,
                    "",
                    "switch traffic to the standby environment (full_disaster) (secret)"),
            of(
                    "BACKUP_DR_HOOK_TIMEOUT",
                    SECONDS_OR_DURATION,
                    "5m",
                    "a hook running longer is killed (with its children) and its step fails"),
            of(
                    "BACKUP_DR_RESTORE_TIMEOUT",
                    SECONDS_OR_DURATION,
                    "2h",
                    "how long a recovery waits for the manager's answer to one verify or restore"),
            of(
                    "BACKUP_DR_VERIFY_READ_DATA",
                    BOOLEAN,
                    "true",
                    "verify the chosen backup with every data blob re-read before restoring it"),
            of(
                    "BACKUP_DR_DRILL_REDIS_DB",
                    WHOLE_NUMBER,
                    "15",
                    "the spare Redis db (on the REDIS_URL server) a drill restores into"),
            of(
                    "BACKUP_DR_DRILL_DIR",
                    PATH,
                    "./restore/drill",
                    "where the manager restores a drill's files (relative = to the manager's directory), emptied after"
                            + " (must lie under the manager's BACKUP_RESTORE_ROOTS)"),
            of(
                    "BACKUP_DR_STANDBY_DATABASE",
                    TEXT,
                    "",
                    "a new database name on the server of the manager's DATABASE_URL, e.g. textloom_standby"),
            of(
                    "BACKUP_DR_STANDBY_REDIS_URL",
                    REDIS_URL,
                    "",
                    "e.g. redis://standby-redis:6379/0 (no password: the manager uses its configured one on its own server)"),
            of(
                    "BACKUP_DR_STANDBY_DIR",
                    PATH,
                    "",
                    "workspace and logs go to DIR/workspace and DIR/logs (under BACKUP_RESTORE_ROOTS)"),
            // ==== Disaster recovery: automatic recovery (disaster-recovery, on alerts and its own assessment)
            of(
                    "BACKUP_DR_AUTO_SCENARIOS",
                    TEXT,
                    "",
                    "scenarios recovered without a person, e.g. redis_failure,application_failure;"
                            + " empty = none: a failure gets a recommendation (event recovery-decided), never an action"),
            of(
                    "BACKUP_DR_AUTO_GRACE",
                    POSITIVE_NUMBER,
                    "2",
                    "assessments in a row a failure must persist before it is recovered"),
            of(
                    "BACKUP_DR_AUTO_COOLDOWN",
                    SECONDS_OR_DURATION,
                    "1h",
                    "after an automatic recovery of a scenario, none" + " of the same scenario for this long"),
            of(
                    "BACKUP_DR_AUTO_DAILY_MAX",
                    WHOLE_NUMBER,
                    "3",
                    "automatic recoveries of one scenario within 24 hours at most"));

    /**
     * Variables of the suite that only the process environment sets (the launcher and the scripts read them before
     * any {@code .env.backup} is read, or they name that file): known, so never reported as unknown, but not in
     * {@code .env.backup.example}.
     */
    private static final List<Variable> ENVIRONMENT_ONLY = List.of(
            of(
                    EnvFile.FILE_VARIABLE,
                    PATH,
                    EnvFile.DEFAULT_FILE,
                    "the file of variables to read instead of ./.env.backup"),
            of(
                    "BACKUP_SERVICE_USER",
                    TEXT,
                    "",
                    "scripts/backup_scheduler.sh install: the user the systemd units run as"),
            of("TEXTLOOM_BACKUP_HEAP", TEXT, "512m", "bin/textloom-backup: the command line's heap"),
            of("TEXTLOOM_BACKUP_JAVA_OPTS", TEXT, "", "bin/textloom-backup: more JVM options"));

    private static final Map<String, Variable> BY_NAME =
            VARIABLES.stream().collect(Collectors.toUnmodifiableMap(Variable::name, v -> v));

    @Override
    public List<Variable> variables() {
        return VARIABLES;
    }

    /** {@link #ENVIRONMENT_ONLY}: the suite's variables that are set in the process environment only. */
    public static List<Variable> environmentOnly() {
        return ENVIRONMENT_ONLY;
    }

    /**
     * The catalogue entry of {@code name}.
     *
     * @throws IllegalArgumentException when no entry has that name: code reading a variable the catalogue does not
     *                                  define fails on its first read, not silently with no default
     */
    public static Variable variable(String name) {
        Variable v = BY_NAME.get(name);
        if (v == null) {
            throw new IllegalArgumentException(
                    name + " is not in the suite's variable catalogue (suite-config SuiteVariables)");
        }
        return v;
    }

    /** {@code name}'s value from {@code lookup}, else its default, checked by its rule ({@link Variable#value}). */
    public static String value(String name, Function<String, String> lookup) {
        return variable(name).value(lookup);
    }

    /**
     * {@code name}'s value as a number ({@link Variable#number}): set, else the default, checked by its rule and
     * its bounds ({@link Variable#within}).
     */
    public static long number(String name, Function<String, String> lookup) {
        return variable(name).number(lookup);
    }

    /** {@code name}'s value read by {@link VariableValues#list}: the items of a comma-separated value, in order. */
    public static List<String> list(String name, Function<String, String> lookup) {
        return VariableValues.list(value(name, lookup));
    }

    /** {@code name}'s value read by {@link VariableValues#bool} ({@link VariableRule#BOOLEAN}). */
    public static boolean bool(String name, Function<String, String> lookup) {
        return VariableValues.bool(name, value(name, lookup));
    }

    private static Variable of(String name, VariableRule rule, String byDefault, String meaning) {
        return Variable.of(name, rule).byDefault(byDefault).means(meaning);
    }

    private static Variable secret(String name, VariableRule rule, String byDefault, String meaning) {
        return Variable.secret(name, rule).byDefault(byDefault).means(meaning);
    }
}
