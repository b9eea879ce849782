package com.textloom.backup.scheduler.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ScheduleTickerTest {

    /** Records what would go to Kafka; the real broker is exercised by SchedulerIT. */
    private static final class RecordingPublisher implements RequestPublisher {
        final List<FireRequest> published = new ArrayList<>();
        int failuresLeft;

        @Override
        public void publish(FireRequest request) {
            if (failuresLeft > 0) {
                failuresLeft--;
                throw new PublishException("broker down", null);
            }
            published.add(request);
        }
    }

    /** Only the daily schedule enabled, at 02:00 UTC. */
    private static ScheduleCatalog onlyDaily(String catchUpHours) {
        return TestCatalogs.onlyDaily("0 2 * * *", catchUpHours);
    }

    @Test
    void aDueSlotIsPublishedOnceWithItsSlotId() {
        RecordingPublisher publisher = new RecordingPublisher();
        ScheduleTicker ticker = new ScheduleTicker(onlyDaily("0"), publisher, new ScheduleHistory());
        assertTrue(ticker.start(Instant.parse("2025-08-20T01:59:00Z")).isEmpty());
        assertEquals(
                Instant.parse("2025-08-20T02:00:00Z"), ticker.nextFire("daily").orElseThrow());

        assertTrue(ticker.tick(Instant.parse("2025-08-20T01:59:59Z")).isEmpty());
        List<FireRequest> fired = ticker.tick(Instant.parse("2025-08-20T02:00:00.300Z"));
        assertTrue(ticker.tick(Instant.parse("2025-08-20T02:00:01Z")).isEmpty());

        assertEquals(1, fired.size());
        FireRequest request = fired.get(0);
        assertEquals(new Slot("daily", Instant.parse("2025-08-20T02:00:00Z")).requestId(), request.requestId());
        assertEquals(Trigger.SCHEDULED, request.trigger());
        assertEquals(List.of(request), publisher.published);
        assertEquals(
                Instant.parse("2025-08-21T02:00:00Z"), ticker.nextFire("daily").orElseThrow());
    }

    @Test
    void twoTickersFiringTheSameSlotPublishOneId() {
        RecordingPublisher publisher = new RecordingPublisher();
        ScheduleCatalog catalog = onlyDaily("0");
        ScheduleTicker first = new ScheduleTicker(catalog, publisher, new ScheduleHistory());
        ScheduleTicker second = new ScheduleTicker(catalog, publisher, new ScheduleHistory());
        first.start(Instant.parse("2025-08-20T01:00:00Z"));
        second.start(Instant.parse("2025-08-20T01:30:00Z"));
        first.tick(Instant.parse("2025-08-20T02:00:00.100Z"));
        second.tick(Instant.parse("2025-08-20T02:00:00.900Z"));
        assertEquals(2, publisher.published.size());
        assertEquals(
                1,
                publisher.published.stream()
                        .map(FireRequest::requestId)
                        .distinct()
                        .count());
    }

    @Test
    void slotsMissedDuringAPauseAreCoalescedIntoTheLatestOne() {
        RecordingPublisher publisher = new RecordingPublisher();
        ScheduleTicker ticker = new ScheduleTicker(onlyDaily("0"), publisher, new ScheduleHistory());
        ticker.start(Instant.parse("2025-08-20T01:00:00Z"));
        // three daily slots pass without a tick
        List<FireRequest> fired = ticker.tick(Instant.parse("2025-08-22T09:00:00Z"));
        assertEquals(1, fired.size());
        assertEquals(Instant.parse("2025-08-22T02:00:00Z"), fired.get(0).slot());
        assertEquals(Trigger.CATCH_UP, fired.get(0).trigger());
        assertEquals(
                Instant.parse("2025-08-23T02:00:00Z"), ticker.nextFire("daily").orElseThrow());
    }

    @Test
    void aMissedSlotRunsExactlyOnceOnStartNotOncePerMissedSlot() {
        RecordingPublisher publisher = new RecordingPublisher();
        ScheduleHistory history = new ScheduleHistory();
        ScheduleTicker ticker = new ScheduleTicker(onlyDaily("24"), publisher, history);
        // down since 2025-08-17; slots of the 18th, 19th and 20th were missed
        Instant start = Instant.parse("2025-08-20T09:00:00Z");
        List<FireRequest> caughtUp = ticker.start(start);
        assertEquals(1, caughtUp.size());
        assertEquals(Instant.parse("2025-08-20T02:00:00Z"), caughtUp.get(0).slot());
        assertEquals(Trigger.CATCH_UP, caughtUp.get(0).trigger());
        assertTrue(ticker.tick(start.plusSeconds(1)).isEmpty());
        assertTrue(ticker.tick(start.plusSeconds(3600)).isEmpty());
        assertEquals(1, publisher.published.size());

        // a restart right after: the history (rebuilt from the topic) knows the slot was fired
        ScheduleTicker restarted = new ScheduleTicker(onlyDaily("24"), publisher, history);
        assertTrue(restarted.start(start.plusSeconds(60)).isEmpty());
        assertEquals(1, publisher.published.size());
    }

    @Test
    void aMissedSlotOlderThanTheCatchUpWindowIsNotRun() {
        RecordingPublisher publisher = new RecordingPublisher();
        ScheduleTicker ticker = new ScheduleTicker(onlyDaily("6"), publisher, new ScheduleHistory());
        assertTrue(ticker.start(Instant.parse("2025-08-20T09:00:00Z")).isEmpty(), "02:00 is 7 h ago, outside 6 h");
        assertEquals(
                Instant.parse("2025-08-21T02:00:00Z"), ticker.nextFire("daily").orElseThrow());
    }

    @Test
    void aSlotAnotherReplicaAlreadyFiredIsNotCaughtUp() {
        RecordingPublisher publisher = new RecordingPublisher();
        ScheduleHistory history = new ScheduleHistory();
        Instant slot = Instant.parse("2025-08-20T02:00:00Z");
        history.recordFired(
                new ScheduleHistory.Fire(new Slot("daily", slot).requestId(), "daily", slot, Trigger.SCHEDULED, slot));
        ScheduleTicker ticker = new ScheduleTicker(onlyDaily("24"), publisher, history);
        assertTrue(ticker.start(Instant.parse("2025-08-20T09:00:00Z")).isEmpty());
        assertTrue(publisher.published.isEmpty());
    }

    @Test
    void aFailedPublishIsRetriedWithTheSameId() {
        RecordingPublisher publisher = new RecordingPublisher();
        publisher.failuresLeft = 2;
        ScheduleTicker ticker = new ScheduleTicker(onlyDaily("0"), publisher, new ScheduleHistory());
        ticker.start(Instant.parse("2025-08-20T01:00:00Z"));
        assertTrue(ticker.tick(Instant.parse("2025-08-20T02:00:00Z")).isEmpty());
        assertTrue(ticker.tick(Instant.parse("2025-08-20T02:00:01Z")).isEmpty());
        List<FireRequest> fired = ticker.tick(Instant.parse("2025-08-20T02:00:02Z"));
        assertEquals(1, fired.size());
        assertEquals(
                new Slot("daily", Instant.parse("2025-08-20T02:00:00Z")).requestId(),
                fired.get(0).requestId());
    }

    @Test
    void disabledSchedulesDoNotFireButCanBeRunByHand() {
        RecordingPublisher publisher = new RecordingPublisher();
        ScheduleCatalog catalog = onlyDaily("24");
        ScheduleTicker ticker = new ScheduleTicker(catalog, publisher, new ScheduleHistory());
        ticker.start(Instant.parse("2025-08-20T09:00:00Z"));
        ticker.tick(Instant.parse("2025-08-31T09:00:00Z"));
        assertTrue(
                publisher.published.stream().allMatch(r -> r.schedule().name().equals("daily")));
        assertTrue(ticker.nextFire("weekly").isEmpty());

        FireRequest manual = ticker.runNow(catalog.find("weekly").orElseThrow(), Instant.parse("2025-08-31T09:00:05Z"));
        assertEquals(Trigger.MANUAL, manual.trigger());
        assertEquals(
                "weekly",
                publisher
                        .published
                        .get(publisher.published.size() - 1)
                        .schedule()
                        .name());
    }

    @Test
    void lastOutcomeFollowsTheScheduleOfTheRequestWhateverTheArrivalOrder() {
        ScheduleHistory history = new ScheduleHistory();
        Instant slot = Instant.parse("2025-08-20T02:00:00Z");
        Slot daily = new Slot("daily", slot);
        // the outcome arrives before its request is known
        history.recordOutcome(new RunOutcome(daily.requestId(), "success", slot.plusSeconds(90), "snap-1", null));
        assertTrue(history.lastOutcome("daily").isEmpty());
        history.recordFired(new ScheduleHistory.Fire(daily.requestId(), "daily", slot, Trigger.SCHEDULED, slot));
        assertEquals("snap-1", history.lastOutcome("daily").orElseThrow().resultId());
        assertTrue(history.lastOutcome("weekly").isEmpty());
    }

    /** A drill schedule's request is its drills: the outcome of one of them is the schedule's last outcome. */
    @Test
    void aFiredDrillSlotsDrillOutcomeIsItsSchedulesLastOutcome() {
        ScheduleHistory history = new ScheduleHistory();
        ScheduleTicker ticker = new ScheduleTicker(
                TestCatalogs.only("restore_test", "0 6 1 * *", "24"), new RecordingPublisher(), history);
        List<FireRequest> fired = ticker.start(Instant.parse("2025-09-01T07:00:00Z"));
        assertEquals(1, fired.size(), "the missed slot, caught up once");
        FireRequest request = fired.get(0);
        assertTrue(history.hasFired(new Slot("restore_test", Instant.parse("2025-09-01T06:00:00Z")).requestId()));
        history.recordOutcome(new RunOutcome(
                java.util.UUID.randomUUID(), "success", Instant.parse("2025-09-01T07:05:00Z"), null, null));
        assertTrue(history.lastOutcome("restore_test").isEmpty(), "an outcome of no drill of it");
        RunOutcome drill = new RunOutcome(
                request.drillId("redis_failure"),
                "failed",
                Instant.parse("2025-09-01T07:01:00Z"),
                "20250901_050000",
                "compare: 3 keys differ",
                new RunOutcome.Drill("redis_failure", false, 15_700, 900, true));
        history.recordOutcome(drill);
        assertEquals("failed", history.lastOutcome("restore_test").orElseThrow().status());
        assertTrue(history.lastOutcome("dr_drill").isEmpty());
    }

    /**
     * A slot's outcome accounts for every drill of the slot: a failed drill that finished first is not hidden by a
     * later success (before: the drill that finished last was the schedule's outcome; seen failing), and a slot with a
     * drill still unanswered is not a success.
     */
    @Test
    void aDrillSlotsOutcomeIsFailedWhenAnyOfItsDrillsFailedWhateverTheOrder() {
        ScheduleHistory history = new ScheduleHistory();
        ScheduleTicker ticker = new ScheduleTicker(
                TestCatalogs.only("restore_test", "0 6 1 * *", "24"), new RecordingPublisher(), history);
        FireRequest request =
                ticker.start(Instant.parse("2025-09-01T07:00:00Z")).get(0);
        RunOutcome database = new RunOutcome(
                request.drillId("database_failure"),
                "success",
                Instant.parse("2025-09-01T07:02:00Z"),
                "20250901_050000",
                null,
                new RunOutcome.Drill("database_failure", true, 7_250, 1800, true));
        history.recordOutcome(database);
        RunOutcome halfDone = history.lastOutcome("restore_test").orElseThrow();
        assertEquals("running", halfDone.status(), "one drill of two answered");
        assertEquals(List.of("redis_failure"), halfDone.pending());

        RunOutcome redis = new RunOutcome(
                request.drillId("redis_failure"),
                "failed",
                Instant.parse("2025-09-01T07:01:00Z"),
                "20250901_050000",
                "compare: 3 keys differ",
                new RunOutcome.Drill("redis_failure", false, 15_700, 900, true));
        history.recordOutcome(redis);
        RunOutcome slot = history.lastOutcome("restore_test").orElseThrow();
        assertEquals(request.requestId(), slot.requestId(), "the slot's outcome, not one drill's");
        assertEquals("failed", slot.status(), "the earlier failure is not hidden by the later success");
        assertEquals(Instant.parse("2025-09-01T07:02:00Z"), slot.finishedAt());
        assertEquals("redis_failure failed: compare: 3 keys differ", slot.error());
        assertEquals(List.of(database, redis), slot.parts(), "each drill's own outcome, by scenario");
        assertTrue(slot.pending().isEmpty());
    }

    /**
     * A DrillCompleted naming its schedule and slot counts for that slot even when its DrillRequested is no longer
     * replayed (the quarterly dr_drill's request is older than the start-up replay): the slot is known as fired and the
     * drill's outcome is the schedule's (before: such an outcome belonged to no schedule; seen failing).
     */
    @Test
    void aDrillsOutcomeNamingItsScheduleAndSlotCountsForThatSlotWithoutItsRequest() {
        ScheduleHistory history = new ScheduleHistory();
        Instant slot = Instant.parse("2025-07-01T07:00:00Z");
        UUID drillId = UUID.randomUUID();
        history.recordOutcome(new RunOutcome(
                drillId,
                "failed",
                Instant.parse("2025-07-01T07:40:00Z"),
                "20250701_050000",
                "compare: 2 files differ",
                new RunOutcome.Drill("full_disaster", false, 2_400_000, 3600, true, "dr_drill", slot)));
        RunOutcome outcome =
                history.lastOutcome("dr_drill").orElseThrow(() -> new AssertionError("no outcome for dr_drill"));
        UUID slotId = new Slot("dr_drill", slot).requestId();
        assertEquals(slotId, outcome.requestId(), "the slot's outcome");
        assertEquals("failed", outcome.status());
        assertEquals("full_disaster failed: compare: 2 files differ", outcome.error());
        assertTrue(history.hasFired(slotId), "the slot is known as fired");
        assertTrue(history.lastOutcome("restore_test").isEmpty());
    }

    /** A schedule's cron job wakes only its own schedule; the others fire at their own wake-up. */
    @Test
    void aWakeUpPublishesOnlyItsOwnSchedulesDueSlot() {
        RecordingPublisher publisher = new RecordingPublisher();
        ScheduleTicker ticker = new ScheduleTicker(
                TestCatalogs.only("incremental", "*/30 * * * *", "0"), publisher, new ScheduleHistory());
        ticker.start(Instant.parse("2025-08-20T01:59:00Z"));
        assertTrue(ticker.tick("daily", Instant.parse("2025-08-20T02:00:01Z")).isEmpty(), "daily is disabled here");
        assertTrue(ticker.tick("nonexistent", Instant.parse("2025-08-20T02:00:01Z"))
                .isEmpty());
        FireRequest fired = ticker.tick("incremental", Instant.parse("2025-08-20T02:00:01Z"))
                .orElseThrow();
        assertEquals(new Slot("incremental", Instant.parse("2025-08-20T02:00:00Z")).requestId(), fired.requestId());
        assertTrue(
                ticker.tick("incremental", Instant.parse("2025-08-20T02:00:02Z"))
                        .isEmpty(),
                "once per slot");
        assertEquals(List.of(fired), publisher.published);
    }

    /**
     * The every-second retry publishes what the broker refused, with the same id, and a slot whose wake-up did not
     * come within a minute; a slot just due is its cron job's.
     */
    @Test
    void theRetryPublishesARefusedSlotAgainAndAMissedWakeUpButNotAJustDueSlot() {
        RecordingPublisher publisher = new RecordingPublisher();
        ScheduleTicker ticker = new ScheduleTicker(onlyDaily("0"), publisher, new ScheduleHistory());
        ticker.start(Instant.parse("2025-08-20T01:00:00Z"));
        assertTrue(ticker.retry(Instant.parse("2025-08-20T02:00:00.500Z")).isEmpty(), "just due: the cron job's");
        assertEquals(0, publisher.published.size());

        publisher.failuresLeft = 1;
        assertTrue(ticker.tick("daily", Instant.parse("2025-08-20T02:00:01Z")).isEmpty(), "the broker refused it");
        assertTrue(ticker.retrying());
        List<FireRequest> retried = ticker.retry(Instant.parse("2025-08-20T02:00:02Z"));
        assertEquals(1, retried.size());
        assertEquals(
                new Slot("daily", Instant.parse("2025-08-20T02:00:00Z")).requestId(),
                retried.get(0).requestId());
        assertEquals(Trigger.SCHEDULED, retried.get(0).trigger());
        assertTrue(!ticker.retrying());
        assertTrue(ticker.retry(Instant.parse("2025-08-20T02:00:03Z")).isEmpty());

        // the next day's wake-up never comes: the retry fires the slot a minute late, as a catch-up, once
        assertTrue(ticker.retry(Instant.parse("2025-08-21T02:00:59Z")).isEmpty());
        List<FireRequest> late = ticker.retry(Instant.parse("2025-08-21T02:01:01Z"));
        assertEquals(1, late.size());
        assertEquals(Instant.parse("2025-08-21T02:00:00Z"), late.get(0).slot());
        assertEquals(Trigger.CATCH_UP, late.get(0).trigger());
        assertTrue(ticker.retry(Instant.parse("2025-08-21T02:02:00Z")).isEmpty());
        assertEquals(2, publisher.published.size());
    }
}
