package com.textloom.backup.support.audit;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.jboss.logging.Logger;

/**
 * Writes {@code logs/backup_audit.log} in the guide's format, one line per audited operation (the manager's
 * create, verify, restore, delete and retention; disaster recovery's recover and drill):
 * {@code [2025-08-20 12:00:00] [AUDIT] USER=backup ACTION=create_backup BACKUP_ID=20250820_120000 STATUS=success}.
 * Each service routes the log category {@value #CATEGORY} to that file alone (its application.properties:
 * a file handler {@code audit} with format {@code %s%n}, the category's handlers and no parent handlers).
 */
@ApplicationScoped
public class AuditLog {
    public static final String CATEGORY = "textloom.audit";
    private static final Logger LOG = Logger.getLogger(CATEGORY);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Clock clock = Clock.systemDefaultZone();

    /** Writes one audit line; values are stripped of spaces and line breaks so a line stays one record. */
    public void record(String user, String action, String backupId, String status) {
        LOG.info(line(clock, user, action, backupId, status));
    }

    static String line(Clock clock, String user, String action, String backupId, String status) {
        return "[" + TIME.format(clock.instant().atZone(ZoneId.systemDefault())) + "] [AUDIT] USER=" + clean(user)
                + " ACTION=" + clean(action) + " BACKUP_ID=" + clean(backupId) + " STATUS=" + clean(status);
    }

    private static String clean(String v) {
        return v == null || v.isBlank() ? "-" : v.replaceAll("[\\s]+", "_");
    }
}
