package com.textloom.backup.scheduler.schedule;

import com.cronutils.mapper.CronMapper;
import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed cron expression evaluated in one time zone.
 *
 * <p>Two syntaxes are accepted: the classic Unix crontab form with five fields
 * ({@code minute hour day-of-month month day-of-week}, e.g. {@code 0 2 * * *}) and the Quartz form with six
 * or seven fields that starts with seconds (e.g. {@code 0 0 2 * * ?}), the syntax of Quarkus' own scheduler.
 *
 * <p>Guarantees: {@link #nextAfter(Instant)} is strictly after its argument; {@link #latestAtOrBefore(Instant)}
 * is at or before its argument; both are pure functions of the expression, the zone and the argument, so
 * every replica computes the same slots.
 */
public final class CronSchedule {

    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser QUARTZ =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    private final String expression;
    private final String quartz;
    private final ZoneId zone;
    private final ExecutionTime executionTime;

    private CronSchedule(String expression, String quartz, ZoneId zone, ExecutionTime executionTime) {
        this.expression = expression;
        this.quartz = quartz;
        this.zone = zone;
        this.executionTime = executionTime;
    }

    /**
     * Parses {@code expression}.
     *
     * @throws IllegalArgumentException with the parser's reason when the expression is not a valid cron
     */
    public static CronSchedule parse(String expression, ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        String trimmed = expression == null ? "" : expression.trim().replaceAll("\\s+", " ");
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("empty cron expression");
        }
        int fields = trimmed.split(" ").length;
        CronParser parser = switch (fields) {
            case 5 -> UNIX;
            case 6, 7 -> QUARTZ;
            default ->
                throw new IllegalArgumentException("a cron expression has 5 fields (minute hour day-of-month "
                        + "month day-of-week) or 6-7 Quartz fields, got " + fields + " in '" + trimmed + "'");
        };
        Cron cron;
        try {
            cron = parser.parse(trimmed).validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "'" + trimmed + "' is not a valid cron expression: " + e.getMessage(), e);
        }
        String quartz = parser == UNIX ? CronMapper.fromUnixToQuartz().map(cron).asString() : trimmed;
        return new CronSchedule(trimmed, quartz, zone, ExecutionTime.forCron(cron));
    }

    public String expression() {
        return expression;
    }

    /**
     * The expression in the Quartz form (seconds first), the syntax of quarkus-scheduler's cron jobs: a 5-field
     * expression mapped by cron-utils, a Quartz one as written. {@link ScheduleRunner} wakes the schedule with it;
     * the slots themselves are {@link #nextAfter} and {@link #latestAtOrBefore}.
     */
    public String quartzExpression() {
        return quartz;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The first slot strictly after {@code instant}, or empty if the expression never fires again. */
    public Optional<Instant> nextAfter(Instant instant) {
        return executionTime
                .nextExecution(ZonedDateTime.ofInstant(instant, zone))
                .map(ZonedDateTime::toInstant);
    }

    /** The latest slot at or before {@code instant}, or empty if the expression never fired before it. */
    public Optional<Instant> latestAtOrBefore(Instant instant) {
        // lastExecution is strict; a slot exactly at `instant` is found by looking just after it.
        ZonedDateTime justAfter = ZonedDateTime.ofInstant(instant.plusNanos(1), zone);
        return executionTime
                .lastExecution(justAfter)
                .map(ZonedDateTime::toInstant)
                .filter(slot -> !slot.isAfter(instant));
    }

    @Override
    public String toString() {
        return expression + " (" + zone + ")";
    }
}
