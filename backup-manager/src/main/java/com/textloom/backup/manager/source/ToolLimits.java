package com.textloom.backup.manager.source;

import com.textloom.backup.config.SuiteVariables;
import com.textloom.backup.config.VariableValues;
import java.time.Duration;

/**
 * How long the manager's tools ({@code pg_dump}, {@code pg_dumpall}, {@code pg_restore}, {@code psql}) and the
 * database sessions beside them may take, from {@code BACKUP_TOOL_TIMEOUT}: a tool still running after
 * {@link #timeout()} is stopped and its component fails with that reason ({@link ToolProcess}); a table lock is
 * waited for at most {@link #lockWait()}, so a dump behind another session's {@code ACCESS EXCLUSIVE} lock fails
 * naming the lock instead of waiting (and blocking every session queued behind it) until the timeout.
 *
 * @param timeout the longest a tool may run; more than 0
 */
public record ToolLimits(Duration timeout) {
    /** The longest lock wait, however long the timeout. */
    public static final Duration MAX_LOCK_WAIT = Duration.ofMinutes(2);

    public ToolLimits {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("BACKUP_TOOL_TIMEOUT must be more than 0: " + timeout);
        }
    }

    /** The limits when {@code BACKUP_TOOL_TIMEOUT} is not set (suite-config's default). */
    public static ToolLimits defaults() {
        return new ToolLimits(
                VariableValues.duration("BACKUP_TOOL_TIMEOUT", SuiteVariables.value("BACKUP_TOOL_TIMEOUT", v -> null)));
    }

    /** Half the timeout, at most {@link #MAX_LOCK_WAIT}, at least one second. */
    public Duration lockWait() {
        Duration half = timeout.dividedBy(2);
        if (half.compareTo(MAX_LOCK_WAIT) > 0) {
            return MAX_LOCK_WAIT;
        }
        return half.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : half;
    }

    /**
     * {@code PGOPTIONS} for a libpq tool's sessions: a lock is waited for at most {@link #lockWait()}, a statement
     * runs at most {@link #timeout()}.
     */
    public String postgresOptions() {
        return "-c lock_timeout=" + lockWait().toMillis() + " -c statement_timeout=" + timeout.toMillis();
    }
}
