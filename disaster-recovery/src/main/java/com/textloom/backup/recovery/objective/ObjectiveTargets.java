package com.textloom.backup.recovery.objective;

import com.textloom.backup.config.VariableValues;
import com.textloom.backup.recovery.scenario.Scenario;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The RTO and RPO target of each scenario: the guide's table ({@link Scenario}'s defaults), overridden per
 * scenario by {@code BACKUP_DR_RTO} / {@code BACKUP_DR_RPO} ({@code database_failure=30m,redis_failure=10m}, the
 * list form of {@code BACKUP_MONITOR_RPO}). A name that is not a scenario, or a value that is not a duration,
 * is an {@link IllegalArgumentException} naming the variable.
 */
public final class ObjectiveTargets {
    private final Map<Scenario, Duration> rto = new EnumMap<>(Scenario.class);
    private final Map<Scenario, Duration> rpo = new EnumMap<>(Scenario.class);

    /** @param rtoList BACKUP_DR_RTO, may be null or blank; @param rpoList BACKUP_DR_RPO, may be null or blank */
    public ObjectiveTargets(String rtoList, String rpoList) {
        for (Scenario s : Scenario.values()) {
            rto.put(s, s.defaultRto());
            rpo.put(s, s.defaultRpo());
        }
        override(rto, "BACKUP_DR_RTO", rtoList);
        override(rpo, "BACKUP_DR_RPO", rpoList);
    }

    private static void override(Map<Scenario, Duration> targets, String variable, String list) {
        for (Map.Entry<String, Duration> e :
                VariableValues.durations(variable, list).entrySet()) {
            Scenario s;
            try {
                s = Scenario.of(e.getKey());
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException(variable + ": " + bad.getMessage(), bad);
            }
            targets.put(s, e.getValue());
        }
    }

    public Duration rto(Scenario s) {
        return rto.get(s);
    }

    public Duration rpo(Scenario s) {
        return rpo.get(s);
    }
}
