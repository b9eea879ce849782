package com.textloom.backup.monitor.config;

import com.textloom.backup.config.Variable;
import com.textloom.backup.config.VariableCatalog;
import com.textloom.backup.config.VariableRule;

import java.util.List;

/**
 * The monitor's own variables (beyond the guide's, which service-support checks), checked at start-up so a
 * bad value stops the service naming the variable. List values (BACKUP_MONITOR_RPO,
 * BACKUP_MONITOR_SERVICES, BACKUP_MONITOR_BACKENDS) are checked by suite-config's {@link com.textloom.backup.config.VariableValues}.
 */
public class MonitorVariables implements VariableCatalog {

    @Override
    public List<Variable> variables() {
        return List.of(
                Variable.of("BACKUP_ALERT_RENOTIFY_INTERVAL", VariableRule.SECONDS_OR_DURATION),
                Variable.of("BACKUP_DISK_WARNING_PERCENT", VariableRule.PERCENT),
                Variable.of("BACKUP_DISK_CRITICAL_PERCENT", VariableRule.PERCENT),
                Variable.of("BACKUP_MONITOR_RPO", VariableRule.TEXT),
                Variable.of("BACKUP_MONITOR_SUSPICIOUS_DROP", VariableRule.TEXT),
                Variable.of("BACKUP_MONITOR_SERVICES", VariableRule.TEXT),
                Variable.of("BACKUP_MONITOR_BACKENDS", VariableRule.TEXT),
                Variable.of("BACKUP_MONITOR_PROBE_TIMEOUT", VariableRule.SECONDS_OR_DURATION),
                Variable.of("BACKUP_MONITOR_NODE", VariableRule.TEXT),
                Variable.of("BACKUP_WEBHOOK_ALERTS_ENABLED", VariableRule.BOOLEAN),
                Variable.secret("BACKUP_WEBHOOK_URL", VariableRule.HTTP_URL),
                Variable.of("BACKUP_SMTP_STARTTLS", VariableRule.TEXT),
                Variable.of("BACKUP_ALERT_RETRY_ATTEMPTS", VariableRule.POSITIVE_NUMBER),
                Variable.of("BACKUP_ALERT_RETRY_BACKOFF", VariableRule.SECONDS_OR_DURATION),
                Variable.of("BACKUP_ALERT_TIMEOUT", VariableRule.SECONDS_OR_DURATION));
    }
}
