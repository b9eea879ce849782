package com.textloom.backup.repository.retention;

import com.textloom.backup.config.SuiteVariables;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * A grandfather-father-son retention policy, with the semantics of restic's
 * {@code forget --keep-last/--keep-daily/--keep-weekly/--keep-monthly}.
 *
 * <p>Each count {@code n} keeps the newest successful snapshot of each of the {@code n} newest
 * calendar buckets (day, ISO week, month) <em>that have a snapshot</em>: after a gap of three
 * weeks, "7 daily" still keeps 7 snapshots, reaching further back in time. Buckets are computed in
 * {@link #zone()}: a snapshot at 23:30 UTC belongs to the next day in Asia/Shanghai. A count of
 * {@value #UNLIMITED} means every bucket. {@code keepLast} keeps the newest {@code n} successful
 * snapshots whatever their time.
 *
 * @param keepLast newest snapshots to keep
 * @param keepDaily days to keep one snapshot of ({@code BACKUP_DAILY_RETENTION_DAYS})
 * @param keepWeekly ISO weeks to keep one snapshot of ({@code BACKUP_WEEKLY_RETENTION_WEEKS})
 * @param keepMonthly months to keep one snapshot of ({@code BACKUP_MONTHLY_RETENTION_MONTHS})
 * @param zone the time zone in which days, weeks and months begin
 */
public record RetentionPolicy(int keepLast, int keepDaily, int keepWeekly, int keepMonthly, ZoneId zone) {

    /** A count meaning "every bucket". */
    public static final int UNLIMITED = -1;

    public RetentionPolicy {
        check("keep-last", keepLast);
        check("keep-daily", keepDaily);
        check("keep-weekly", keepWeekly);
        check("keep-monthly", keepMonthly);
        if (keepLast == 0 && keepDaily == 0 && keepWeekly == 0 && keepMonthly == 0) {
            throw new IllegalArgumentException("a retention policy must keep something: set keep-last,"
                    + " keep-daily, keep-weekly or keep-monthly above 0");
        }
        zone = zone == null ? ZoneOffset.UTC : zone;
    }

    /**
     * The guide's defaults, as suite-config's catalogue gives them (7 daily, 4 weekly, 12 monthly, no keep-last), in
     * UTC: what {@link #fromEnvironment} makes of an empty environment.
     */
    public static RetentionPolicy defaults() {
        return fromEnvironment(Map.of());
    }

    /**
     * From the guide's variables {@code BACKUP_DAILY_RETENTION_DAYS} (7),
     * {@code BACKUP_WEEKLY_RETENTION_WEEKS} (4), {@code BACKUP_MONTHLY_RETENTION_MONTHS} (12), plus
     * {@code BACKUP_KEEP_LAST} (0) and {@code BACKUP_RETENTION_TIMEZONE} (else {@code TZ}, else UTC); the defaults
     * are suite-config's catalogue's. A bad value raises {@link IllegalArgumentException} naming the variable.
     */
    public static RetentionPolicy fromEnvironment(Map<String, String> env) {
        String zoneName = env.getOrDefault("BACKUP_RETENTION_TIMEZONE", env.get("TZ"));
        ZoneId zone;
        try {
            zone = zoneName == null || zoneName.isBlank() ? ZoneOffset.UTC : ZoneId.of(zoneName.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("BACKUP_RETENTION_TIMEZONE is not a time zone: '" + zoneName + "'");
        }
        return new RetentionPolicy(
                count(env, "BACKUP_KEEP_LAST"),
                count(env, "BACKUP_DAILY_RETENTION_DAYS"),
                count(env, "BACKUP_WEEKLY_RETENTION_WEEKS"),
                count(env, "BACKUP_MONTHLY_RETENTION_MONTHS"),
                zone);
    }

    public RetentionPolicy withZone(ZoneId z) {
        return new RetentionPolicy(keepLast, keepDaily, keepWeekly, keepMonthly, z);
    }

    /** Decides, for every candidate, keep or forget and why. See {@link RetentionPlan}. */
    public RetentionPlan apply(java.util.Collection<RetentionCandidate> candidates) {
        return RetentionPlan.compute(this, candidates);
    }

    /** {@code last=0 daily=7 weekly=4 monthly=12 zone=UTC}, as dry runs print it. */
    @Override
    public String toString() {
        return "last=" + show(keepLast) + " daily=" + show(keepDaily) + " weekly=" + show(keepWeekly)
                + " monthly=" + show(keepMonthly) + " zone="
                + (zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId());
    }

    private static String show(int n) {
        return n == UNLIMITED ? "all" : Integer.toString(n);
    }

    private static void check(String name, int n) {
        if (n < UNLIMITED) {
            throw new IllegalArgumentException(name + " must be 0 or more (or -1 for all): " + n);
        }
    }

    /** {@code name}'s value, else suite-config's catalogue's default for it. */
    private static int count(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            v = SuiteVariables.variable(name).defaultValue();
        }
        try {
            int n = Integer.parseInt(v.trim());
            check(name, n);
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a whole number: '" + v + "'");
        }
    }
}
