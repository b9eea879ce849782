package com.textloom.backup.recovery.auto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.events.RecoveryDecided;
import com.textloom.backup.recovery.assess.Assessment;
import com.textloom.backup.recovery.engine.RunEngine;
import com.textloom.backup.recovery.plan.PlanRefusedException;
import com.textloom.backup.recovery.run.RunReport;
import com.textloom.backup.recovery.scenario.Scenario;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The guard rails of {@link AutoDecider}, each on its own: grace (and flapping), not opted in, cooldown, daily
 * maximum, in place, one at a time, no retry loop after a failure, a refused plan; and that an unchanged decision is
 * published once. The recoveries it starts are recorded; the history is what the engine's store would hold.
 */
class AutoDeciderTest {
    private static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");

    private Instant now = T0;
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final List<RunReport> history = new ArrayList<>();
    private final List<Scenario> started = new ArrayList<>();
    private AutoDecider.Starter starter = s -> {
        started.add(s);
        String id = "rec_" + started.size();
        history.add(0, run(id, s, RunReport.RUNNING, now));
        return id;
    };

    private AutoDecider decider(Set<Scenario> optedIn, int grace, Duration cooldown, int dailyMax, boolean inPlace) {
        return new AutoDecider(
                new AutoPolicy(optedIn, grace, cooldown, dailyMax, inPlace), clock, "default", "dr-test");
    }

    private List<RecoveryDecided> tick(AutoDecider d, String... failures) {
        now = now.plusSeconds(60);
        Assessment a = new Assessment(
                failures.length == 0 ? "healthy" : "critical",
                now,
                List.of(),
                failures.length == 0 ? List.of() : List.of("restore it: scripts/disaster_recovery.sh recover ..."),
                List.of(failures));
        return d.observe(
                a,
                "assessment",
                null,
                s -> history.stream().filter(r -> r.scenario().equals(s.id())).toList(),
                s -> starter.start(s));
    }

    /** The fresh assessment taken seconds after the monitor's alert {@code alertId}. */
    private List<RecoveryDecided> alert(AutoDecider d, String alertId, String... failures) {
        now = now.plusSeconds(2);
        Assessment a = new Assessment("critical", now, List.of(), List.of("restore it"), List.of(failures));
        return d.observe(
                a,
                "alert",
                alertId,
                s -> history.stream().filter(r -> r.scenario().equals(s.id())).toList(),
                s -> starter.start(s));
    }

    private static RunReport run(String id, Scenario s, String status, Instant at) {
        return new RunReport(
                id,
                null,
                s.id(),
                false,
                false,
                false,
                status,
                null,
                null,
                AutoDecider.USER,
                at,
                at,
                RunReport.RUNNING.equals(status) ? null : at.plusSeconds(5),
                null,
                600,
                900,
                null,
                null,
                null,
                null,
                null,
                null,
                RunReport.FAILED.equals(status) ? "step restore failed" : null,
                List.of(),
                null,
                List.of(),
                List.of(),
                List.of());
    }

    private void finish(String status) {
        RunReport r = history.remove(0);
        history.add(0, run(r.recoveryId(), Scenario.of(r.scenario()), status, r.createdAt()));
    }

    private static String only(List<RecoveryDecided> ds) {
        assertEquals(1, ds.size(), ds.toString());
        return ds.get(0).decision() + ":" + ds.get(0).reason();
    }

    @Test
    void actsOnlyWhenTheFailurePersistsForTheGraceAndAFlapTriggersNothing() {
        AutoDecider d = decider(EnumSet.of(Scenario.REDIS_FAILURE), 3, Duration.ZERO, 10, true);
        assertEquals("waiting:grace", only(tick(d, "redis_failure")));
        assertEquals("waiting:grace", only(tick(d, "redis_failure")));
        assertEquals(List.of(), tick(d), "healthy again: the count starts over");
        assertEquals("waiting:grace", only(tick(d, "redis_failure")));
        assertEquals(2, tick(d, "redis_failure").get(0).failingFor());
        assertEquals(List.of(), started, "a failure shorter than the grace never acts");
        List<RecoveryDecided> acted = tick(d, "redis_failure");
        assertEquals("acted:opted_in", only(acted));
        assertEquals("rec_1", acted.get(0).recoveryId());
        assertEquals(List.of(Scenario.REDIS_FAILURE), started);
    }

    @Test
    void aDecisionIsTheEventToPublishNamingItsRepositoryInstanceAndTime() {
        AutoDecider d = decider(EnumSet.of(Scenario.REDIS_FAILURE), 1, Duration.ZERO, 10, true);
        RecoveryDecided acted = tick(d, "redis_failure").get(0);
        assertEquals("default", acted.repository());
        assertEquals("dr-test", acted.instance());
        assertEquals("redis_failure", acted.scenario());
        assertEquals(now, acted.decidedAt());
        assertEquals(1, acted.grace());
        assertTrue(acted.decisionId().startsWith("dec_"), acted.decisionId());
        RecoveryDecided unconfirmed = d.unconfirmed(Scenario.DATABASE_FAILURE, "alert_9", "pg_down");
        assertEquals("skipped:not_confirmed", unconfirmed.decision() + ":" + unconfirmed.reason());
        assertEquals("database_failure", unconfirmed.scenario());
        assertEquals("alert_9", unconfirmed.alertId());
        assertEquals(1, unconfirmed.grace());
        assertEquals(0, unconfirmed.failingFor());
        assertTrue(!acted.decisionId().equals(unconfirmed.decisionId()), "each decision has its own id");
    }

    @Test
    void anAlertsFreshAssessmentAnswersTheAlertButDoesNotShortenTheGrace() {
        AutoDecider d = decider(EnumSet.of(Scenario.REDIS_FAILURE), 2, Duration.ZERO, 10, true);
        assertEquals("waiting:grace", only(tick(d, "redis_failure")), "periodic assessment: 1 of 2");
        List<RecoveryDecided> alerted = alert(d, "alert_1", "redis_failure");
        assertEquals(
                "waiting:grace",
                only(alerted),
                "2 s later the monitor's alert: the failure has not persisted" + " for two assessment intervals yet");
        assertEquals(1, alerted.get(0).failingFor());
        assertEquals("alert_1", alerted.get(0).alertId(), "the alert gets its answer though the decision is unchanged");
        assertEquals(List.of(), started);
        assertEquals("acted:opted_in", only(tick(d, "redis_failure")), "the next periodic assessment: 2 of 2");
        finish(RunReport.SUCCESS);
        AutoDecider fresh = decider(EnumSet.of(Scenario.REDIS_FAILURE), 2, Duration.ZERO, 10, true);
        assertEquals(
                1, alert(fresh, "alert_2", "redis_failure").get(0).failingFor(), "an alert first: it starts the count");
        assertEquals("acted:opted_in", only(tick(fresh, "redis_failure")));
    }

    @Test
    void aScenarioNotOptedInGetsARecommendationOnceAndNeverAnAction() {
        AutoDecider d = decider(EnumSet.of(Scenario.REDIS_FAILURE), 2, Duration.ZERO, 10, true);
        tick(d, "database_failure");
        List<RecoveryDecided> r = tick(d, "database_failure");
        assertEquals("recommended:not_opted_in", only(r));
        assertEquals(com.textloom.backup.events.Severity.CRITICAL, r.get(0).severity());
        assertTrue(r.get(0).recommendations().get(0).contains("recover"), r.toString());
        assertEquals(List.of(), tick(d, "database_failure"), "the same decision is published once");
        assertEquals(List.of(), started);
        AutoDecider none = decider(Set.of(), 1, Duration.ZERO, 10, true);
        assertEquals("recommended:not_opted_in", only(tick(none, "redis_failure")), "default: nothing opted in");
        assertEquals(List.of(), started);
    }

    @Test
    void cooldownThenDailyMaximumPerScenario() {
        AutoDecider d = decider(
                EnumSet.of(Scenario.APPLICATION_FAILURE, Scenario.REDIS_FAILURE), 1, Duration.ofMinutes(30), 2, true);
        assertEquals("acted:opted_in", only(tick(d, "application_failure")));
        finish(RunReport.SUCCESS);
        assertEquals("skipped:cooldown", only(tick(d, "application_failure")), "60 s later: within 30 min");
        assertEquals("acted:opted_in", only(tick(d, "redis_failure")), "the cooldown is per scenario");
        finish(RunReport.SUCCESS);
        now = now.plus(Duration.ofMinutes(31));
        assertEquals("acted:opted_in", only(tick(d, "application_failure")), "after the cooldown");
        finish(RunReport.SUCCESS);
        now = now.plus(Duration.ofMinutes(31));
        assertEquals("skipped:daily_max", only(tick(d, "application_failure")), "2 within 24 h");
        assertEquals(3, started.size());
        now = now.plus(Duration.ofHours(24));
        assertEquals("acted:opted_in", only(tick(d, "application_failure")), "a day later");
    }

    @Test
    void liveDataIsRestoredInPlaceOnlyWhenAllowed() {
        AutoDecider d = decider(
                EnumSet.of(Scenario.DATABASE_FAILURE, Scenario.APPLICATION_FAILURE), 1, Duration.ZERO, 10, false);
        List<RecoveryDecided> ds = tick(d, "database_failure", "application_failure");
        assertEquals(2, ds.size());
        assertEquals(
                "skipped:in_place_not_allowed",
                ds.get(0).decision() + ":" + ds.get(0).reason());
        assertTrue(ds.get(0).message().contains("BACKUP_DR_ALLOW_IN_PLACE=true"));
        assertEquals(
                "acted:opted_in",
                ds.get(1).decision() + ":" + ds.get(1).reason(),
                "a restart is not a restore of live data");
        assertEquals(List.of(Scenario.APPLICATION_FAILURE), started);
    }

    @Test
    void aFailedAutomaticRecoveryIsNotRetriedUntilTheFailureClears() {
        AutoDecider d = decider(EnumSet.of(Scenario.REDIS_FAILURE), 1, Duration.ZERO, 10, true);
        assertEquals("acted:opted_in", only(tick(d, "redis_failure")));
        assertEquals("skipped:busy", only(tick(d, "redis_failure")), "still running");
        finish(RunReport.FAILED);
        assertEquals("skipped:previous_failed", only(tick(d, "redis_failure")));
        for (int i = 0; i < 5; i++) {
            assertEquals(List.of(), tick(d, "redis_failure"), "held, and said once");
        }
        assertEquals(1, started.size(), "no retry loop");
        tick(d);
        assertEquals("acted:opted_in", only(tick(d, "redis_failure")), "a new failure after it cleared is a new case");
    }

    @Test
    void oneAtATimeAndARefusedPlanAreSkippedWithTheReason() {
        AutoDecider d = decider(EnumSet.of(Scenario.REDIS_FAILURE), 1, Duration.ZERO, 10, true);
        starter = s -> {
            throw new RunEngine.BusyException("drill_x", "busy");
        };
        List<RecoveryDecided> busy = tick(d, "redis_failure");
        assertEquals("skipped:busy", only(busy));
        assertTrue(busy.get(0).message().contains("drill_x"));
        starter = s -> {
            throw new PlanRefusedException(400, "no_backup", "no backup in which redis verified clean");
        };
        assertEquals("skipped:plan_refused", only(tick(d, "redis_failure")));
    }

    @Test
    void theVariablesAreRead() {
        AutoPolicy p = AutoPolicy.of(" redis_failure, application_failure ", 2, "1h", 3, false);
        assertEquals(EnumSet.of(Scenario.REDIS_FAILURE, Scenario.APPLICATION_FAILURE), p.optedIn());
        assertEquals(Duration.ofHours(1), p.cooldown());
        assertEquals(Set.of(), AutoPolicy.of("", 2, "1h", 3, false).optedIn());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> AutoPolicy.of("redis", 2, "1h", 3, false));
        assertTrue(e.getMessage().startsWith("BACKUP_DR_AUTO_SCENARIOS"), e.getMessage());
    }
}
