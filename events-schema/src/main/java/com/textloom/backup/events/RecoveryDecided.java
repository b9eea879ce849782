package com.textloom.backup.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * Disaster recovery decided what to do about a failure it found (its own assessment, confirmed after an alert of
 * the monitor): every decision of the automatic recovery is published, the ones that act and the ones that do not,
 * with the reason. A decision that is the same as the previous one for the scenario is not published again.
 *
 * @param decisionId      unique id of this decision
 * @param repository      the repository concerned (the Kafka key)
 * @param scenario        the guide's scenario the failure maps to (database_failure, redis_failure, ...)
 * @param decision        {@code acted} (a recovery was started: {@code recoveryId}), {@code waiting} (the failure has
 *                        not persisted for the grace yet), {@code recommended} (the scenario is not opted in: a person
 *                        must act, see {@code recommendations}), {@code skipped} (a guard rail held it back: {@code reason})
 * @param reason          why, as a stable word: {@code opted_in}, {@code grace}, {@code not_opted_in}, {@code cooldown},
 *                        {@code daily_max}, {@code busy}, {@code in_place_not_allowed}, {@code previous_failed},
 *                        {@code plan_refused}, {@code cleared}
 * @param message         the decision in words, for a person
 * @param severity        info (acted, waiting, cleared) or critical (a failure persists and nothing acts on it)
 * @param trigger         what led to the decision: {@code assessment} or {@code alert}
 * @param alertId         the monitor's alert that triggered it, if any
 * @param recoveryId      the recovery started ({@code acted}), if any
 * @param failingFor      assessments in a row the failure has been seen
 * @param grace           assessments in a row required before acting
 * @param recommendations what a person should do (from the assessment)
 * @param instance        the disaster-recovery instance that decided (the leader)
 * @param decidedAt       when
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecoveryDecided(
        String decisionId,
        String repository,
        String scenario,
        String decision,
        String reason,
        String message,
        Severity severity,
        String trigger,
        String alertId,
        String recoveryId,
        int failingFor,
        int grace,
        List<String> recommendations,
        String instance,
        Instant decidedAt)
        implements SuiteEvent {
    /** {@link #decision()}: a recovery was started. */
    public static final String ACTED = "acted";
    /** {@link #decision()}: the failure has not persisted for the grace yet. */
    public static final String WAITING = "waiting";
    /** {@link #decision()}: the scenario is not opted in, a person must act. */
    public static final String RECOMMENDED = "recommended";
    /** {@link #decision()}: a guard rail held it back. */
    public static final String SKIPPED = "skipped";

    public RecoveryDecided {
        Require.text(decisionId, "decision_id");
        Require.text(repository, "repository");
        Require.text(scenario, "scenario");
        Require.text(decision, "decision");
        Require.text(reason, "reason");
        Require.text(message, "message");
        Require.present(severity, "severity");
        Require.text(trigger, "trigger");
        Require.present(decidedAt, "decided_at");
        recommendations = Require.list(recommendations);
    }
}
