package com.textloom.backup.scheduler.messaging;

import com.textloom.backup.events.BackupRequested;
import com.textloom.backup.events.DrillRequested;
import com.textloom.backup.events.RetentionRequested;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.events.VerifyRequested;
import com.textloom.backup.scheduler.schedule.FireRequest;
import com.textloom.backup.scheduler.schedule.ScheduleKind;
import java.util.List;

/**
 * Turns a {@link FireRequest} into the events it asks for: BackupRequested for a backup schedule,
 * RetentionRequested (with the manager's configured policy) for the cleanup schedule, VerifyRequested with
 * {@code read_data_percent} for the verify schedule (all for the manager, each naming its schedule and slot so that a
 * restarted scheduler attributes the result), and one
 * DrillRequested per scenario for a drill schedule (for disaster-recovery, {@link #drills}, naming their schedule and
 * slot too).
 */
public final class RequestEvents {

    /** The {@code requested_by} of every request the scheduler publishes. */
    public static final String REQUESTED_BY = "scheduler";

    private RequestEvents() {}

    /**
     * The drills a drill schedule's {@code request} asks for, one per scenario. Each id is derived from the request's
     * id and the scenario, so two replicas firing one slot ask for the same drills (disaster-recovery runs an id once).
     */
    public static List<DrillRequested> drills(FireRequest request, String repository) {
        return request.schedule().scenarios().stream()
                .map(s -> new DrillRequested(
                        drillId(request, s),
                        repository,
                        s,
                        null,
                        false,
                        REQUESTED_BY,
                        request.requestedAt(),
                        request.schedule().name(),
                        request.slot()))
                .toList();
    }

    /** The id of the drill of {@code scenario} that {@code request} asks for ({@link FireRequest#drillId}). */
    public static String drillId(FireRequest request, String scenario) {
        return request.drillId(scenario).toString();
    }

    /** The event for a backup, cleanup or verify {@code request}, about {@code repository} (also its Kafka key). */
    public static SuiteEvent toEvent(FireRequest request, String repository) {
        if (request.schedule().kind() == ScheduleKind.DRILL) {
            throw new IllegalArgumentException("a drill schedule asks for drills: RequestEvents.drills");
        }
        String id = request.requestId().toString();
        String schedule = request.schedule().name();
        if (request.schedule().kind() == ScheduleKind.VERIFY) { // the whole repository, a sample of its packs read
            return new VerifyRequested(
                    id,
                    repository,
                    null,
                    true,
                    REQUESTED_BY,
                    request.requestedAt(),
                    null,
                    null,
                    request.schedule().readDataPercent(),
                    schedule,
                    request.slot());
        }
        if (request.schedule().kind() == ScheduleKind.RETENTION) {
            return new RetentionRequested(
                    id, repository, null, false, REQUESTED_BY, request.requestedAt(), schedule, request.slot());
        }
        return new BackupRequested(
                id,
                repository,
                request.schedule().backupType(),
                request.schedule().components(),
                REQUESTED_BY,
                request.requestedAt(),
                null,
                schedule,
                request.slot());
    }
}
