package com.textloom.backup.recovery.auto;

import com.textloom.backup.events.RecoveryDecided;
import com.textloom.backup.events.Severity;
import com.textloom.backup.recovery.scenario.Scenario;
import java.time.Instant;
import java.util.List;

/**
 * One decision of the automatic recovery about one scenario (published as {@link RecoveryDecided}).
 *
 * @param decision {@link #ACTED}, {@link #WAITING}, {@link #RECOMMENDED} or {@link #SKIPPED}
 * @param reason   a stable word: opted_in, grace, not_opted_in, cooldown, daily_max, busy, in_place_not_allowed,
 *                 previous_failed, plan_refused, not_confirmed
 */
public record Decision(
        Scenario scenario,
        String decision,
        String reason,
        String message,
        Severity severity,
        String trigger,
        String alertId,
        String recoveryId,
        int failingFor,
        int grace,
        List<String> recommendations) {
    public static final String ACTED = "acted";
    public static final String WAITING = "waiting";
    public static final String RECOMMENDED = "recommended";
    public static final String SKIPPED = "skipped";

    public Decision {
        recommendations = List.copyOf(recommendations);
    }

    /** The event of this decision. */
    public RecoveryDecided event(String decisionId, String repository, String instance, Instant at) {
        return new RecoveryDecided(
                decisionId,
                repository,
                scenario.id(),
                decision,
                reason,
                message,
                severity,
                trigger,
                alertId,
                recoveryId,
                failingFor,
                grace,
                recommendations,
                instance,
                at);
    }

    /** The audit line's STATUS: {@code acted}, {@code skipped:cooldown} ... */
    public String auditStatus() {
        return ACTED.equals(decision) ? decision : decision + ":" + reason;
    }
}
