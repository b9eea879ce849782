package com.textloom.backup.monitor.engine;

import com.textloom.backup.monitor.state.Alert;
import java.time.Instant;

/**
 * Where the alert lifecycle is recorded (the alerts topic). Every method returns only once the record is
 * durably written, or throws: an alert is never notified before its record exists.
 */
public interface AlertSink {

    /** An AlertRaised: a new alert ({@code notifications() == 1}) or a re-notification (higher number). */
    void raised(Alert alert);

    /** An AlertResolved. */
    void resolved(Alert alert, Instant at, String message);

    /** An AlertAcknowledged. */
    void acknowledged(Alert alert, Instant at, String by, String comment);
}
