package com.textloom.backup.manager.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdmissionTest {
    private static final Instant NOW = Instant.parse("2025-08-20T12:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void aRestoreVerifyOrRetentionOlderThanTheWindowIsNotRunAndABackupIs() {
        Instant old = NOW.minus(Duration.ofHours(3));
        for (String kind : new String[] {"restore", "verify", "retention"}) {
            Admission a = Admission.decide(kind, Optional.empty(), false, old, NOW, HOUR);
            assertEquals(Admission.Verdict.TOO_OLD, a.verdict(), kind);
            assertTrue(
                    a.reason().contains("2025-08-20T09:00:00Z, 3h ago, more than BACKUP_REQUEST_MAX_AGE (1h)"),
                    a.reason());
        }
        assertEquals(
                Admission.Verdict.RUN,
                Admission.decide("backup", Optional.empty(), false, old, NOW, HOUR)
                        .verdict());
        assertEquals(
                Admission.Verdict.RUN,
                Admission.decide("restore", Optional.empty(), false, NOW.minusSeconds(3599), NOW, HOUR)
                        .verdict());
        Admission future =
                Admission.decide("restore", Optional.empty(), false, NOW.plus(Duration.ofMinutes(90)), NOW, HOUR);
        assertEquals(Admission.Verdict.TOO_OLD, future.verdict());
        assertTrue(future.reason().contains("1h 30m in the future"), future.reason());
    }

    @Test
    void aRequestRecordedBeforeIsADuplicateExceptAnInterruptedBackup() {
        Operation done = Operation.queued("r", "restore", "b", NOW).with("success", null, null, NOW);
        Admission a = Admission.decide("restore", Optional.of(done), false, NOW, NOW, HOUR);
        assertEquals(Admission.Verdict.DUPLICATE, a.verdict());
        assertTrue(a.reason().contains("success at 2025-08-20T12:00:00Z"), a.reason());
        Operation interrupted = Operation.queued("r", "restore", "b", NOW).ended(Operation.INTERRUPTED, "stopped", NOW);
        assertEquals(
                Admission.Verdict.DUPLICATE,
                Admission.decide("restore", Optional.of(interrupted), false, NOW, NOW, HOUR)
                        .verdict());
        assertEquals(
                Admission.Verdict.RUN,
                Admission.decide("backup", Optional.of(interrupted), false, NOW, NOW, HOUR)
                        .verdict());
        Operation queuedByRest = Operation.queued("r", "restore", "b", NOW);
        assertEquals(
                Admission.Verdict.RUN,
                Admission.decide("restore", Optional.of(queuedByRest), false, NOW, NOW, HOUR)
                        .verdict());
        assertEquals(
                Admission.Verdict.DUPLICATE,
                Admission.decide("restore", Optional.of(queuedByRest), true, NOW, NOW, HOUR)
                        .verdict());
    }
}
