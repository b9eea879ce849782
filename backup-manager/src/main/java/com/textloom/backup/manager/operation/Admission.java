package com.textloom.backup.manager.operation;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a request delivered to the manager runs, and if not, why. The rules (also in the
 * module's README):
 * <ol>
 *   <li>A request queued or running in this instance is a duplicate.</li>
 *   <li>A request already recorded in the operation store as started (running, finished, interrupted,
 *       ignored) is a duplicate and does not run again, with one exception: a backup recorded as
 *       interrupted runs again (backups are idempotent by request id: one already committed is
 *       recognised in the repository and not rerun).</li>
 *   <li>A restore, verify or retention request whose {@code requested_at} is more than the maximum
 *       age before (or after) the moment the manager takes it is not run: it is a replay of an old
 *       request (a new consumer group starting from the earliest offset, an offset reset), or it
 *       waited too long to still be wanted. A backup request has no age limit.</li>
 * </ol>
 *
 * @param reason why the request does not run, null when it does
 */
public record Admission(Verdict verdict, String reason) {
    /** What becomes of the request. */
    public enum Verdict {
        RUN,
        DUPLICATE,
        TOO_OLD
    }

    /** The kinds of request that act on what exists and are refused when older than the maximum age. */
    public static final Set<String> AGE_LIMITED = Set.of("restore", "verify", "retention");

    /**
     * Decides.
     *
     * @param recorded    the operation store's record of this request id, if any
     * @param inFlight    whether this instance has it queued or running
     * @param requestedAt the request's {@code requested_at}
     * @param maxAge      {@code BACKUP_REQUEST_MAX_AGE}
     */
    public static Admission decide(
            String kind,
            Optional<Operation> recorded,
            boolean inFlight,
            Instant requestedAt,
            Instant now,
            Duration maxAge) {
        if (inFlight) {
            return new Admission(Verdict.DUPLICATE, "it is already queued or running here");
        }
        if (recorded.isPresent() && !Operation.QUEUED.equals(recorded.get().status())) {
            Operation op = recorded.get();
            if (!("backup".equals(kind) && Operation.INTERRUPTED.equals(op.status()))) {
                return new Admission(
                        Verdict.DUPLICATE, "it was handled before (" + op.status() + " at " + op.updatedAt() + ")");
            }
        }
        if (AGE_LIMITED.contains(kind)) {
            Duration age = Duration.between(requestedAt, now);
            if (age.compareTo(maxAge) > 0) {
                return new Admission(
                        Verdict.TOO_OLD,
                        "it was requested at " + requestedAt + ", " + human(age)
                                + " ago, more than BACKUP_REQUEST_MAX_AGE (" + human(maxAge)
                                + "): an old request replayed"
                                + " or one that waited too long; request it again if it is still wanted");
            }
            if (age.negated().compareTo(maxAge) > 0) {
                return new Admission(
                        Verdict.TOO_OLD,
                        "its requested_at " + requestedAt + " is " + human(age.negated())
                                + " in the future, more than BACKUP_REQUEST_MAX_AGE (" + human(maxAge)
                                + "): the requester's clock is wrong");
            }
        }
        return new Admission(Verdict.RUN, null);
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s >= 3600) {
            return s / 3600 + "h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + "m");
        }
        if (s >= 60) {
            return s / 60 + "m" + (s % 60 == 0 ? "" : " " + s % 60 + "s");
        }
        return s + "s";
    }
}
