package com.textloom.backup.recovery.auto;

import com.textloom.backup.events.RecoveryDecided;
import com.textloom.backup.events.Severity;
import com.textloom.backup.recovery.assess.Assessment;
import com.textloom.backup.recovery.engine.RunEngine;
import com.textloom.backup.recovery.plan.PlanRefusedException;
import com.textloom.backup.recovery.run.RunReport;
import com.textloom.backup.recovery.scenario.Scenario;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The guard rails of automatic recovery, as a state machine fed with assessments (plain Java, one per instance; only
 * the leader feeds it). For every scenario an assessment names among its {@code failures}:
 * <ol>
 *   <li>the failure must have been seen in {@link AutoPolicy#grace()} assessments in a row: before that the decision
 *       is {@code waiting} (a failure shorter than the grace — flapping — never acts). Only the periodic assessments
 *       count: the fresh one taken after an alert confirms the failure (or starts the count when none was seen yet)
 *       but does not add to it, since it follows the periodic one by seconds and proves no persistence (else every
 *       alert would shorten the grace to the monitor's delay);</li>
 *   <li>a scenario not opted in gets {@code recommended} with the assessment's recommendations, never an action;</li>
 *   <li>then, in this order, {@code skipped} when: the newest automatic recovery of the scenario failed and the
 *       scenario has not been seen healthy since ({@code previous_failed}: a failed automatic recovery is not
 *       retried in a loop); one of it is still running ({@code busy}); the newest began less than the cooldown ago
 *       ({@code cooldown}); the daily maximum of automatic recoveries of the scenario within 24 h is reached
 *       ({@code daily_max}); it would restore over live data without {@code BACKUP_DR_ALLOW_IN_PLACE=true}
 *       ({@code in_place_not_allowed}); the engine runs another recovery or drill ({@code busy}: one at a time);
 *       the plan is refused ({@code plan_refused});</li>
 *   <li>else a recovery is started ({@code acted}) and the count of the failure starts again from zero.</li>
 * </ol>
 * The history of automatic recoveries is the engine's durable store ({@link History}), so a restart keeps the
 * cooldown, the daily maximum and the hold after a failure. Returned decisions are the ones to publish: a decision
 * equal to the previous one for the scenario (same decision and reason; {@code waiting} also the same count) is not
 * returned again, except after an alert: every alert that points at a failure gets its decision. Thread-safe.
 */
public final class AutoDecider {
    /** The {@code requested_by} of automatic recoveries (audit USER). */
    public static final String USER = "disaster-recovery-auto";

    /** Starts a recovery of a scenario; returns its id. */
    @FunctionalInterface
    public interface Starter {
        /**
         * @throws RunEngine.BusyException when another recovery or drill runs
         * @throws PlanRefusedException    when the plan cannot be built
         */
        String start(Scenario scenario);
    }

    /** The automatic recoveries of a scenario so far, newest first. */
    @FunctionalInterface
    public interface History {
        List<RunReport> automatic(Scenario scenario);
    }

    private final AutoPolicy policy;
    private final Clock clock;
    private final String repository;
    private final String instance;
    private final Map<Scenario, Integer> streak = new EnumMap<>(Scenario.class);
    private final Map<Scenario, String> lastDecision = new EnumMap<>(Scenario.class);
    private final Map<Scenario, Instant> seenHealthy = new EnumMap<>(Scenario.class);
    private Instant lastAssessed = Instant.EPOCH;

    /**
     * @param repository the repository the decisions are about (their Kafka key)
     * @param instance   the disaster-recovery instance that decides, named in every decision
     */
    public AutoDecider(AutoPolicy policy, Clock clock, String repository, String instance) {
        this.policy = policy;
        this.clock = clock;
        this.repository = repository;
        this.instance = instance;
    }

    public AutoPolicy policy() {
        return policy;
    }

    /**
     * Feeds one assessment; an assessment not newer than the last one fed is ignored (the periodic one and a fresh
     * one after an alert may be the same).
     *
     * @param trigger {@code assessment} or {@code alert}
     * @param alertId the alert that led to this assessment, null for the periodic one
     * @return the decisions to publish, in the order of the scenarios
     */
    public synchronized List<RecoveryDecided> observe(
            Assessment assessment, String trigger, String alertId, History history, Starter starter) {
        if (!assessment.assessedAt().isAfter(lastAssessed)) {
            return List.of();
        }
        lastAssessed = assessment.assessedAt();
        Set<Scenario> failing = new LinkedHashSet<>();
        for (String f : assessment.failures()) {
            try {
                failing.add(Scenario.of(f));
            } catch (IllegalArgumentException unknown) {
                // a scenario this build does not know: nothing to decide
            }
        }
        for (Scenario s : Scenario.values()) {
            if (!failing.contains(s)) {
                streak.remove(s);
                lastDecision.remove(s);
                seenHealthy.put(s, assessment.assessedAt());
            }
        }
        List<RecoveryDecided> out = new ArrayList<>();
        boolean afterAlert = alertId != null;
        for (Scenario s : failing) {
            int count = afterAlert && streak.containsKey(s) ? streak.get(s) : streak.merge(s, 1, Integer::sum);
            RecoveryDecided d = decide(s, count, assessment, trigger, alertId, history, starter);
            if (RecoveryDecided.ACTED.equals(d.decision())) {
                streak.remove(s);
            }
            String key =
                    d.decision() + ":" + d.reason() + (RecoveryDecided.WAITING.equals(d.decision()) ? ":" + count : "");
            if (!key.equals(lastDecision.put(s, key)) || afterAlert) {
                out.add(d);
            }
        }
        return out;
    }

    /**
     * An alert pointed at {@code scenario} but a fresh assessment does not show that failure: nothing is done (the
     * assessment is the evidence), and that is a decision too. Returned once per alert.
     */
    public RecoveryDecided unconfirmed(Scenario scenario, String alertId, String rule) {
        return decision(
                scenario,
                RecoveryDecided.SKIPPED,
                "not_confirmed",
                "alert " + alertId + " (" + rule + ") points at " + scenario.id()
                        + ", but the assessment does not show that failure: nothing to recover",
                Severity.WARNING,
                "alert",
                alertId,
                null,
                0,
                List.of());
    }

    private RecoveryDecided decide(
            Scenario s, int count, Assessment a, String trigger, String alertId, History history, Starter starter) {
        int grace = policy.grace();
        List<String> advice = a.recommendations();
        if (count < grace) {
            return decision(
                    s,
                    RecoveryDecided.WAITING,
                    "grace",
                    s.id() + " seen in " + count + " of " + grace + " assessments in a row; nothing runs before "
                            + grace + " (BACKUP_DR_AUTO_GRACE)",
                    Severity.INFO,
                    trigger,
                    alertId,
                    null,
                    count,
                    List.of());
        }
        if (!policy.optedIn().contains(s)) {
            return decision(
                    s,
                    RecoveryDecided.RECOMMENDED,
                    "not_opted_in",
                    s.id() + " persists (" + count
                            + " assessments) and is not opted in for automatic recovery (BACKUP_DR_AUTO_SCENARIOS): a person must act;"
                            + " see the plan with `scripts/disaster_recovery.sh recover --scenario " + s.id()
                            + " --dry-run`",
                    Severity.CRITICAL,
                    trigger,
                    alertId,
                    null,
                    count,
                    advice);
        }
        Instant now = clock.instant();
        List<RunReport> runs = history.automatic(s);
        RunReport newest = runs.isEmpty() ? null : runs.get(0);
        if (newest != null && RunReport.FAILED.equals(newest.status())) {
            Instant ended = newest.completedAt() != null ? newest.completedAt() : newest.createdAt();
            Instant healthy = seenHealthy.get(s);
            if (healthy == null || !healthy.isAfter(ended)) {
                return skipped(
                        s,
                        "previous_failed",
                        "the automatic recovery " + newest.recoveryId() + " of " + s.id()
                                + " failed (" + newest.error() + ") and the failure has not cleared since: not retried"
                                + " automatically; a person must look at it",
                        trigger,
                        alertId,
                        count,
                        advice);
            }
        }
        if (newest != null
                && (RunReport.PLANNED.equals(newest.status()) || RunReport.RUNNING.equals(newest.status()))) {
            return skipped(
                    s,
                    "busy",
                    "the automatic recovery " + newest.recoveryId() + " of " + s.id() + " is still running",
                    trigger,
                    alertId,
                    count,
                    List.of());
        }
        if (newest != null && newest.createdAt().plus(policy.cooldown()).isAfter(now)) {
            return skipped(
                    s,
                    "cooldown",
                    "the last automatic recovery of " + s.id() + " (" + newest.recoveryId() + ") began less than "
                            + words(policy.cooldown()) + " ago (BACKUP_DR_AUTO_COOLDOWN)",
                    trigger,
                    alertId,
                    count,
                    advice);
        }
        long today = runs.stream()
                .filter(r -> r.createdAt().isAfter(now.minus(Duration.ofHours(24))))
                .count();
        if (today >= policy.dailyMax()) {
            return skipped(
                    s,
                    "daily_max",
                    today + " automatic recoveries of " + s.id() + " within 24 hours: the maximum"
                            + " (BACKUP_DR_AUTO_DAILY_MAX=" + policy.dailyMax() + ") is reached",
                    trigger,
                    alertId,
                    count,
                    advice);
        }
        if (AutoPolicy.restoresLiveData(s) && !policy.allowInPlace()) {
            return skipped(
                    s,
                    "in_place_not_allowed",
                    s.id() + " would restore over live data, which an automatic"
                            + " recovery does only with BACKUP_DR_ALLOW_IN_PLACE=true",
                    trigger,
                    alertId,
                    count,
                    advice);
        }
        try {
            String id = starter.start(s);
            return decision(
                    s,
                    RecoveryDecided.ACTED,
                    "opted_in",
                    s.id() + " persisted for " + count + " assessments (grace " + grace + "): recovery " + id
                            + " started",
                    Severity.INFO,
                    trigger,
                    alertId,
                    id,
                    count,
                    List.of());
        } catch (RunEngine.BusyException e) {
            return skipped(
                    s,
                    "busy",
                    "another recovery or drill runs (" + e.runningId() + "); one at a time",
                    trigger,
                    alertId,
                    count,
                    List.of());
        } catch (PlanRefusedException e) {
            return skipped(
                    s,
                    "plan_refused",
                    "the recovery of " + s.id() + " cannot be planned: " + e.getMessage(),
                    trigger,
                    alertId,
                    count,
                    advice);
        }
    }

    private RecoveryDecided skipped(
            Scenario s, String reason, String message, String trigger, String alertId, int count, List<String> advice) {
        return decision(
                s, RecoveryDecided.SKIPPED, reason, message, Severity.CRITICAL, trigger, alertId, null, count, advice);
    }

    /** A decision about {@code s}, with a new id, this decider's repository and instance, and the time now. */
    private RecoveryDecided decision(
            Scenario s,
            String decision,
            String reason,
            String message,
            Severity severity,
            String trigger,
            String alertId,
            String recoveryId,
            int count,
            List<String> advice) {
        return new RecoveryDecided(
                "dec_" + UUID.randomUUID(),
                repository,
                s.id(),
                decision,
                reason,
                message,
                severity,
                trigger,
                alertId,
                recoveryId,
                count,
                policy.grace(),
                advice,
                instance,
                clock.instant());
    }

    private static String words(Duration d) {
        return d.toMinutes() >= 1 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }
}
