package com.textloom.backup.scheduler.schedule;

import java.time.Instant;

/**
 * Where the scheduler learns, on start, which requests were already published (by itself before a restart or by
 * another replica). In production: the requests topic on Kafka.
 */
public interface FiredRequestSource {

    /**
     * Records into {@code history} every schedule request published since {@code since}, up to the moment of the
     * call. Returns once that is done.
     *
     * @throws RuntimeException when the source cannot be read (the caller retries)
     */
    void replayInto(ScheduleHistory history, Instant since);
}
