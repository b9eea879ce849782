package com.textloom.backup.recovery.config;

import com.textloom.backup.config.Variable;
import com.textloom.backup.config.VariableCatalog;
import com.textloom.backup.config.VariableRule;

import java.util.ArrayList;
import java.util.List;

/**
 * disaster-recovery's own variables (beyond the guide's, which service-support checks), checked at start-up so
 * a bad value stops the service naming the variable. The per-scenario lists (BACKUP_DR_RTO, BACKUP_DR_RPO) are
 * read by suite-config's {@link com.textloom.backup.config.VariableValues}; hooks are secrets (a command or URL may
 * carry a password).
 */
public class RecoveryVariables implements VariableCatalog {

    @Override
    public List<Variable> variables() {
        List<Variable> all = new ArrayList<>();
        all.addAll(recoverAndDrill());
        return all;
    }

    /** Recover, drill and objectives (RecoverConfig). */
    private static List<Variable> recoverAndDrill() {
        return List.of(
                Variable.of("BACKUP_DR_STATE_DIR", VariableRule.PATH),
                Variable.of("BACKUP_DR_ALLOW_IN_PLACE", VariableRule.BOOLEAN),
                Variable.of("BACKUP_DR_RTO", VariableRule.TEXT),
                Variable.of("BACKUP_DR_RPO", VariableRule.TEXT),
                Variable.secret("BACKUP_DR_POSTGRES_RESTART_COMMAND", VariableRule.TEXT),
                Variable.secret("BACKUP_DR_REDIS_RESTART_COMMAND", VariableRule.TEXT),
                Variable.secret("TEXTLOOM_APP_RESTART_COMMAND", VariableRule.TEXT),
                Variable.secret("BACKUP_DR_SWITCH_COMMAND", VariableRule.TEXT),
                Variable.secret("TEXTLOOM_APP_HEALTH_URL", VariableRule.HTTP_URL),
                Variable.of("BACKUP_DR_HEALTH_TIMEOUT", VariableRule.SECONDS_OR_DURATION),
                Variable.of("BACKUP_DR_HOOK_TIMEOUT", VariableRule.SECONDS_OR_DURATION),
                Variable.of("BACKUP_DR_RESTORE_TIMEOUT", VariableRule.SECONDS_OR_DURATION),
                Variable.of("BACKUP_DR_VERIFY_READ_DATA", VariableRule.BOOLEAN),
                Variable.of("BACKUP_DR_DRILL_REDIS_DB", VariableRule.WHOLE_NUMBER),
                Variable.of("BACKUP_DR_DRILL_DIR", VariableRule.PATH),
                Variable.of("BACKUP_DR_STANDBY_DATABASE", VariableRule.TEXT),
                Variable.of("BACKUP_DR_STANDBY_REDIS_URL", VariableRule.REDIS_URL),
                Variable.of("BACKUP_DR_STANDBY_DIR", VariableRule.PATH),
                Variable.of("BACKUP_MANAGER_URL", VariableRule.HTTP_URL));
    }
}
