package com.textloom.backup.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * GFS retention: how many backups of each tier to keep (the guide's BACKUP_DAILY_RETENTION_DAYS,
 * BACKUP_WEEKLY_RETENTION_WEEKS, BACKUP_MONTHLY_RETENTION_MONTHS).
 *
 * @param keepDaily   daily backups to keep (one per day, newest first)
 * @param keepWeekly  weekly backups to keep
 * @param keepMonthly monthly backups to keep
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetentionPolicy(int keepDaily, int keepWeekly, int keepMonthly) {

    public RetentionPolicy {
        Require.notNegative(keepDaily, "keep_daily");
        Require.notNegative(keepWeekly, "keep_weekly");
        Require.notNegative(keepMonthly, "keep_monthly");
    }
}
