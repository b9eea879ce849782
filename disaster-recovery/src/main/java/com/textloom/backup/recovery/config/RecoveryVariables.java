package com.textloom.backup.recovery.config;

import com.textloom.backup.config.Variable;
import com.textloom.backup.config.VariableCatalog;
import com.textloom.backup.config.VariableRule;

import java.util.List;

/**
 * disaster-recovery's own variables (beyond the guide's, which service-support checks), checked at start-up so
 * a bad value stops the service naming the variable. Defaults and meanings: {@code .env.backup.example}.
 * List values (BACKUP_MONITOR_RPO) are read by suite-config's {@link com.textloom.backup.config.VariableValues},
 * which names the variable in its error.
 */
public class RecoveryVariables implements VariableCatalog {

    /** Assess: what is checked and how often (read by {@link AssessConfig}). */
    private static final List<Variable> ASSESS = List.of(
            Variable.of("BACKUP_DR_ASSESS_INTERVAL", VariableRule.SECONDS_OR_DURATION),
            Variable.of("BACKUP_DR_CHECK_TIMEOUT", VariableRule.SECONDS_OR_DURATION),
            Variable.of("BACKUP_DR_KEY_LOSS_RATIO", VariableRule.TEXT),
            Variable.secret("TEXTLOOM_APP_HEALTH_URL", VariableRule.HTTP_URL),
            Variable.of("BACKUP_MANAGER_URL", VariableRule.HTTP_URL),
            Variable.of("BACKUP_SCHEDULER_URL", VariableRule.HTTP_URL),
            Variable.of("BACKUP_MONITOR_URL", VariableRule.HTTP_URL),
            Variable.of("BACKUP_MONITOR_RPO", VariableRule.TEXT),
            Variable.of("BACKUP_REPOSITORY", VariableRule.TEXT),
            Variable.of("BACKUP_REMOTES", VariableRule.TEXT),
            Variable.of("MINIO_PREFIX", VariableRule.TEXT),
            Variable.of("MINIO_SECURE", VariableRule.BOOLEAN),
            Variable.of("OBS_PREFIX", VariableRule.TEXT),
            Variable.of("OBS_PATH_STYLE", VariableRule.BOOLEAN),
            Variable.of("OBS_SIGNATURE", VariableRule.TEXT));

    @Override
    public List<Variable> variables() {
        return ASSESS;
    }
}
