package com.textloom.backup.scheduler.messaging;

import com.textloom.backup.events.BackupRequested;
import com.textloom.backup.events.RetentionRequested;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.scheduler.schedule.FireRequest;
import com.textloom.backup.scheduler.schedule.ScheduleKind;

/**
 * Turns a {@link FireRequest} into the event the manager consumes: BackupRequested for a backup schedule,
 * RetentionRequested (with the manager's configured policy) for the cleanup schedule.
 */
public final class RequestEvents {

    /** The {@code requested_by} of every request the scheduler publishes. */
    public static final String REQUESTED_BY = "scheduler";

    private RequestEvents() {
    }

    /** The event for {@code request}, about {@code repository} (also its Kafka key). */
    public static SuiteEvent toEvent(FireRequest request, String repository) {
        String id = request.requestId().toString();
        String schedule = request.schedule().name();
        if (request.schedule().kind() == ScheduleKind.RETENTION) {
            return new RetentionRequested(id, repository, null, false, REQUESTED_BY, request.requestedAt(),
                    schedule, request.slot());
        }
        return new BackupRequested(id, repository, request.schedule().backupType(), request.schedule().components(),
                REQUESTED_BY, request.requestedAt(), null, schedule, request.slot());
    }
}
