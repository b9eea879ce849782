package com.textloom.backup.scheduler.schedule;

import com.textloom.backup.config.SuiteVariables;
import com.textloom.backup.config.Variable;
import com.textloom.backup.config.VariableValues;
import com.textloom.backup.events.BackupType;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The schedules of this scheduler, read from environment variables over the defaults of suite-config's catalogue
 * ({@code SuiteVariables}, which the table below restates).
 *
 * <table>
 *   <caption>Schedules and their defaults</caption>
 *   <tr><th>name</th><th>cron (default)</th><th>asks for</th></tr>
 *   <tr><td>daily</td><td>{@code 0 2 * * *}</td><td>backup of type daily (tier daily)</td></tr>
 *   <tr><td>weekly</td><td>{@code 0 3 * * 0}</td><td>backup of type weekly</td></tr>
 *   <tr><td>monthly</td><td>{@code 0 4 1 * *}</td><td>backup of type monthly</td></tr>
 *   <tr><td>incremental</td><td>{@code *}{@code /30 * * * *}</td><td>backup of type incremental (database RPO 1 h)</td></tr>
 *   <tr><td>frequent</td><td>{@code *}{@code /5 * * * *}</td><td>backup of type incremental of redis (Redis RPO 15 min)</td></tr>
 *   <tr><td>cleanup</td><td>{@code 0 5 * * *}</td><td>retention run</td></tr>
 *   <tr><td>restore_test</td><td>{@code 0 6 1 * *}</td><td>drills of database_failure and redis_failure (monthly)</td></tr>
 *   <tr><td>dr_drill</td><td>{@code 0 7 1 1,4,7,10 *}</td><td>drill of full_disaster (quarterly)</td></tr>
 *   <tr><td>verify</td><td>{@code 0 8 * * *}</td><td>verify reading {@code BACKUP_VERIFY_READ_DATA_PERCENT} (35) % of
 *   the packs at random, daily</td></tr>
 * </table>
 *
 * <p>Per schedule {@code NAME}: {@code BACKUP_SCHEDULE_NAME} (cron), {@code BACKUP_SCHEDULE_NAME_COMPONENTS}
 * (comma-separated, backups only), {@code BACKUP_SCHEDULE_NAME_SCENARIOS} (comma-separated, drills only),
 * {@code BACKUP_SCHEDULE_NAME_ENABLED} ({@code true}/{@code false}). Global:
 * {@code BACKUP_SCHEDULE_TIMEZONE} (default {@code UTC}) and {@code BACKUP_SCHEDULE_CATCHUP_HOURS} (default 24,
 * {@code 0} turns catch-up off). Any invalid value throws {@link ScheduleConfigException} naming the variable.
 */
public final class ScheduleCatalog {

    /** The disaster-recovery scenarios a drill can name (the guide's 故障场景). */
    public static final Set<String> SCENARIOS = Collections.unmodifiableSet(new LinkedHashSet<>(
            List.of("database_failure", "redis_failure", "application_failure", "storage_failure", "full_disaster")));

    /** The components a backup can name. */
    public static final Set<String> COMPONENTS =
            Collections.unmodifiableSet(new LinkedHashSet<>(List.of("database", "redis", "workspace", "logs")));

    public static final String TIMEZONE_VARIABLE = "BACKUP_SCHEDULE_TIMEZONE";
    public static final String CATCHUP_VARIABLE = "BACKUP_SCHEDULE_CATCHUP_HOURS";

    /** A schedule of the guide: its name and what it asks for; its cron and components are variables. */
    private record Kind(String name, ScheduleKind kind, BackupType type) {}

    private static final List<Kind> SCHEDULES = List.of(
            new Kind("daily", ScheduleKind.BACKUP, BackupType.DAILY),
            new Kind("weekly", ScheduleKind.BACKUP, BackupType.WEEKLY),
            new Kind("monthly", ScheduleKind.BACKUP, BackupType.MONTHLY),
            new Kind("incremental", ScheduleKind.BACKUP, BackupType.INCREMENTAL),
            new Kind("frequent", ScheduleKind.BACKUP, BackupType.INCREMENTAL),
            new Kind("cleanup", ScheduleKind.RETENTION, null),
            new Kind("restore_test", ScheduleKind.DRILL, null),
            new Kind("dr_drill", ScheduleKind.DRILL, null),
            new Kind("verify", ScheduleKind.VERIFY, null));

    /** The share of packs the verify schedule reads, 0–100. */
    public static final String READ_DATA_PERCENT_VARIABLE = "BACKUP_VERIFY_READ_DATA_PERCENT";

    private final List<Schedule> schedules;
    private final ZoneId zone;
    private final Duration catchUpWindow;

    private ScheduleCatalog(List<Schedule> schedules, ZoneId zone, Duration catchUpWindow) {
        this.schedules = List.copyOf(schedules);
        this.zone = zone;
        this.catchUpWindow = catchUpWindow;
    }

    /** The catalog with every default, nothing overridden. */
    public static ScheduleCatalog defaults() {
        return fromVariables(name -> Optional.empty());
    }

    /**
     * Reads the catalog.
     *
     * @param variables looks a variable up by its environment name ({@code BACKUP_SCHEDULE_DAILY}); empty when unset
     * @throws ScheduleConfigException naming the first variable whose value is invalid
     */
    public static ScheduleCatalog fromVariables(Function<String, Optional<String>> variables) {
        ZoneId zone = readZone(variables);
        Duration catchUp = readCatchUp(variables);
        int readDataPercent = (int) Math.ceil(Double.parseDouble(value(variables, READ_DATA_PERCENT_VARIABLE)));
        List<Schedule> schedules = new ArrayList<>();
        for (Kind d : SCHEDULES) {
            String prefix = "BACKUP_SCHEDULE_" + d.name().toUpperCase(Locale.ROOT);
            String cronText = value(variables, prefix);
            CronSchedule cron;
            try {
                cron = CronSchedule.parse(cronText, zone);
            } catch (IllegalArgumentException e) {
                throw new ScheduleConfigException(prefix, cronText, e.getMessage());
            }
            List<String> components = d.kind() == ScheduleKind.BACKUP
                    ? readNames(
                            prefix + "_COMPONENTS", value(variables, prefix + "_COMPONENTS"), COMPONENTS, "component")
                    : List.of();
            List<String> scenarios = d.kind() == ScheduleKind.DRILL
                    ? readNames(prefix + "_SCENARIOS", value(variables, prefix + "_SCENARIOS"), SCENARIOS, "scenario")
                    : List.of();
            boolean enabled = VariableValues.bool(prefix + "_ENABLED", value(variables, prefix + "_ENABLED"));
            schedules.add(new Schedule(
                    d.name(),
                    cron,
                    d.kind(),
                    d.type(),
                    components,
                    scenarios,
                    enabled,
                    d.kind() == ScheduleKind.VERIFY ? readDataPercent : null));
        }
        return new ScheduleCatalog(schedules, zone, catchUp);
    }

    /** Every schedule, in the order daily, weekly, monthly, incremental, frequent, cleanup, restore_test, dr_drill, verify. */
    public List<Schedule> schedules() {
        return schedules;
    }

    /** The schedule called {@code name} (case-insensitive), if there is one. */
    public Optional<Schedule> find(String name) {
        return schedules.stream().filter(s -> s.name().equalsIgnoreCase(name)).findFirst();
    }

    public List<String> names() {
        return schedules.stream().map(Schedule::name).toList();
    }

    public ZoneId zone() {
        return zone;
    }

    /** How far back a slot missed during downtime is still run on start; zero means never. */
    public Duration catchUpWindow() {
        return catchUpWindow;
    }

    /**
     * {@code name}'s value, else its default from suite-config's catalogue, checked by the catalogue's rule.
     *
     * @throws ScheduleConfigException naming the variable when the value breaks the rule
     */
    private static String value(Function<String, Optional<String>> variables, String name) {
        Variable variable = SuiteVariables.variable(name);
        String text = variables
                .apply(name)
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .orElse(variable.defaultValue());
        variable.problem(text).ifPresent(problem -> {
            throw new ScheduleConfigException(name, text, problem);
        });
        return text;
    }

    /** BACKUP_SCHEDULE_TIMEZONE, a zone id by the catalogue's rule ({@code TIME_ZONE}). */
    private static ZoneId readZone(Function<String, Optional<String>> variables) {
        return ZoneId.of(value(variables, TIMEZONE_VARIABLE));
    }

    /** BACKUP_SCHEDULE_CATCHUP_HOURS, a whole number of hours by the catalogue's rule; 0: no catch-up. */
    private static Duration readCatchUp(Function<String, Optional<String>> variables) {
        return Duration.ofHours(Long.parseLong(value(variables, CATCHUP_VARIABLE)));
    }

    private static List<String> readNames(String variable, String text, Set<String> known, String what) {
        List<String> names = VariableValues.list(text).stream()
                .map(c -> c.toLowerCase(Locale.ROOT))
                .distinct()
                .toList();
        if (names.isEmpty()) {
            throw new ScheduleConfigException(variable, text, "names no " + what + "; use some of " + known);
        }
        for (String c : names) {
            if (!known.contains(c)) {
                throw new ScheduleConfigException(variable, text, "unknown " + what + " '" + c + "'; known: " + known);
            }
        }
        return names;
    }
}
