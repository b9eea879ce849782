package com.textloom.backup.events;

import java.time.Instant;
import java.util.List;

/**
 * What the builders of {@link DrillCompleted} and {@link RecoveryCompleted} share: the outcome of one run of a
 * scenario, its times and its RTO and RPO figures. The duration is set, not computed: a run measures its RTO up to
 * its own end mark, which need not be {@code completedAt}. Lists left unset are empty.
 *
 * @param <B> the builder itself, so the shared setters chain into the event's own
 */
public abstract sealed class RunCompletionBuilder<B extends RunCompletionBuilder<B>>
        permits DrillCompleted.Builder, RecoveryCompleted.Builder {
    final String id;
    final String repository;
    final String scenario;
    Outcome status;
    String backupId;
    Instant startedAt;
    Instant completedAt;
    long durationMs;
    long rtoTargetSeconds;
    boolean rtoMet;
    long rpoTargetSeconds;
    Long rpoSeconds;
    boolean rpoMet;
    List<RecoveryStep> steps = List.of();
    String error;

    RunCompletionBuilder(String id, String repository, String scenario) {
        this.id = id;
        this.repository = repository;
        this.scenario = scenario;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    public B status(Outcome status) {
        this.status = status;
        return self();
    }

    /** The backup restored, null when none was usable. */
    public B backupId(String backupId) {
        this.backupId = backupId;
        return self();
    }

    /** When the run began and ended, and its measured duration in milliseconds. */
    public B ran(Instant startedAt, Instant completedAt, long durationMs) {
        this.startedAt = startedAt;
        this.completedAt = completedAt;
        this.durationMs = durationMs;
        return self();
    }

    /** The scenario's RTO target and whether the measured duration stayed within it. */
    public B rto(long targetSeconds, boolean met) {
        this.rtoTargetSeconds = targetSeconds;
        this.rtoMet = met;
        return self();
    }

    /** The scenario's RPO target, the age of the backup used (null when unknown) and whether it stayed within. */
    public B rpo(long targetSeconds, Long seconds, boolean met) {
        this.rpoTargetSeconds = targetSeconds;
        this.rpoSeconds = seconds;
        this.rpoMet = met;
        return self();
    }

    public B steps(List<RecoveryStep> steps) {
        this.steps = steps;
        return self();
    }

    /** Why the run failed, null on success. */
    public B error(String error) {
        this.error = error;
        return self();
    }
}
