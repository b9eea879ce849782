package com.textloom.backup.recovery.auto;

import com.textloom.backup.config.VariableValues;
import com.textloom.backup.recovery.scenario.Scenario;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The operator's rules for automatic recovery: which scenarios may be recovered without a person
 * ({@code BACKUP_DR_AUTO_SCENARIOS}, default none), how many assessments in a row a failure must persist
 * ({@code BACKUP_DR_AUTO_GRACE}), the cooldown and the daily maximum per scenario ({@code BACKUP_DR_AUTO_COOLDOWN},
 * {@code BACKUP_DR_AUTO_DAILY_MAX}) and whether live data may be restored in place ({@code BACKUP_DR_ALLOW_IN_PLACE}).
 */
public record AutoPolicy(Set<Scenario> optedIn, int grace, Duration cooldown, int dailyMax, boolean allowInPlace) {

    public AutoPolicy {
        optedIn = optedIn.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(optedIn));
        if (grace < 1) {
            throw new IllegalArgumentException("BACKUP_DR_AUTO_GRACE must be 1 or more, got " + grace);
        }
        if (cooldown.isNegative() || dailyMax < 0) {
            throw new IllegalArgumentException(
                    "BACKUP_DR_AUTO_COOLDOWN and BACKUP_DR_AUTO_DAILY_MAX must not be negative");
        }
    }

    /**
     * Reads the variables' values.
     *
     * @throws IllegalArgumentException naming the variable when a scenario name or a duration is wrong
     */
    public static AutoPolicy of(String scenarios, int grace, String cooldown, int dailyMax, boolean allowInPlace) {
        Set<Scenario> in = EnumSet.noneOf(Scenario.class);
        for (String name : VariableValues.list(scenarios)) {
            try {
                in.add(Scenario.of(name));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("BACKUP_DR_AUTO_SCENARIOS: " + e.getMessage(), e);
            }
        }
        return new AutoPolicy(
                in, grace, VariableValues.duration("BACKUP_DR_AUTO_COOLDOWN", cooldown), dailyMax, allowInPlace);
    }

    /**
     * Whether a recovery of {@code scenario} restores over the live data (database_failure, redis_failure): those
     * run automatically only with {@code BACKUP_DR_ALLOW_IN_PLACE=true}. full_disaster restores into the standby
     * environment, application_failure and storage_failure restore no data in place.
     */
    public static boolean restoresLiveData(Scenario scenario) {
        return scenario == Scenario.DATABASE_FAILURE || scenario == Scenario.REDIS_FAILURE;
    }
}
