package com.textloom.backup.config;

import java.util.List;

import static com.textloom.backup.config.VariableRule.API_AUTH;
import static com.textloom.backup.config.VariableRule.BOOLEAN;
import static com.textloom.backup.config.VariableRule.EMAIL;
import static com.textloom.backup.config.VariableRule.EMAIL_LIST;
import static com.textloom.backup.config.VariableRule.ENDPOINT;
import static com.textloom.backup.config.VariableRule.FERNET_KEY;
import static com.textloom.backup.config.VariableRule.HOST_PORT_LIST;
import static com.textloom.backup.config.VariableRule.HTTP_URL;
import static com.textloom.backup.config.VariableRule.MODE;
import static com.textloom.backup.config.VariableRule.NAMED_KEYS;
import static com.textloom.backup.config.VariableRule.PATH;
import static com.textloom.backup.config.VariableRule.PATH_LIST;
import static com.textloom.backup.config.VariableRule.PORT;
import static com.textloom.backup.config.VariableRule.POSITIVE_NUMBER;
import static com.textloom.backup.config.VariableRule.POSTGRES_URL;
import static com.textloom.backup.config.VariableRule.REDIS_URL;
import static com.textloom.backup.config.VariableRule.SECONDS_OR_DURATION;
import static com.textloom.backup.config.VariableRule.SIZE;
import static com.textloom.backup.config.VariableRule.TEXT;
import static com.textloom.backup.config.VariableRule.WHOLE_NUMBER;

/**
 * The guide's environment variables (and the few the suite adds for every service), with their rules.
 * Their defaults and meanings are in {@code .env.backup.example} at the root of the project.
 */
public final class SuiteVariables implements VariableCatalog {

    private static final List<Variable> VARIABLES = List.of(
            // backup policy
            Variable.of("BACKUP_DAILY_RETENTION_DAYS", WHOLE_NUMBER),
            Variable.of("BACKUP_WEEKLY_RETENTION_WEEKS", WHOLE_NUMBER),
            Variable.of("BACKUP_MONTHLY_RETENTION_MONTHS", WHOLE_NUMBER),
            Variable.of("BACKUP_COMPRESSION_ENABLED", BOOLEAN),
            Variable.of("BACKUP_ENCRYPTION_ENABLED", BOOLEAN),
            Variable.secret("BACKUP_ENCRYPTION_KEY", FERNET_KEY),
            Variable.of("BACKUP_PARALLEL_JOBS", POSITIVE_NUMBER),
            Variable.of("BACKUP_CHUNK_SIZE", SIZE),
            Variable.of("BACKUP_MODE", MODE),
            // storage
            Variable.of("BACKUP_LOCAL_DIR", PATH),
            Variable.of("MINIO_ENDPOINT", ENDPOINT),
            Variable.secret("MINIO_ACCESS_KEY", TEXT),
            Variable.secret("MINIO_SECRET_KEY", TEXT),
            Variable.of("MINIO_BUCKET", TEXT),
            Variable.secret("OBS_ACCESS_KEY", TEXT),
            Variable.secret("OBS_SECRET_KEY", TEXT),
            Variable.of("OBS_ENDPOINT", ENDPOINT),
            Variable.of("OBS_BUCKET", TEXT),
            // alerts
            Variable.of("BACKUP_EMAIL_ALERTS_ENABLED", BOOLEAN),
            Variable.of("BACKUP_SMTP_SERVER", TEXT),
            Variable.of("BACKUP_SMTP_PORT", PORT),
            Variable.of("BACKUP_SMTP_USERNAME", TEXT),
            Variable.secret("BACKUP_SMTP_PASSWORD", TEXT),
            Variable.of("BACKUP_EMAIL_FROM", EMAIL),
            Variable.of("BACKUP_EMAIL_TO", EMAIL_LIST),
            Variable.of("BACKUP_SLACK_ALERTS_ENABLED", BOOLEAN),
            Variable.secret("BACKUP_SLACK_WEBHOOK_URL", HTTP_URL),
            Variable.of("BACKUP_SLACK_CHANNEL", TEXT),
            // monitoring
            Variable.of("BACKUP_MONITOR_INTERVAL", SECONDS_OR_DURATION),
            Variable.of("BACKUP_METRICS_RETENTION_DAYS", POSITIVE_NUMBER),
            // the protected application
            Variable.secret("DATABASE_URL", POSTGRES_URL),
            Variable.secret("REDIS_URL", REDIS_URL),
            Variable.of("TEXTLOOM_WORKSPACE_DIR", PATH),
            Variable.of("TEXTLOOM_LOG_DIR", PATH),
            // every service
            Variable.of("KAFKA_BOOTSTRAP_SERVERS", HOST_PORT_LIST),
            Variable.secret("BACKUP_API_KEY", NAMED_KEYS),
            Variable.of("BACKUP_API_AUTH", API_AUTH),
            Variable.of("BACKUP_RESTORE_ROOTS", PATH_LIST),
            Variable.of("BACKUP_RESTORE_REDIS_HOSTS", TEXT));

    @Override
    public List<Variable> variables() {
        return VARIABLES;
    }
}
