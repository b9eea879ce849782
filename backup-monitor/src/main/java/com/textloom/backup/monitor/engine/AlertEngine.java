package com.textloom.backup.monitor.engine;

import com.textloom.backup.monitor.config.MonitorSettings;
import com.textloom.backup.monitor.notify.Notification;
import com.textloom.backup.monitor.notify.Notifier;
import com.textloom.backup.monitor.probe.ProbeSnapshot;
import com.textloom.backup.monitor.rules.Condition;
import com.textloom.backup.monitor.rules.RuleContext;
import com.textloom.backup.monitor.rules.Rules;
import com.textloom.backup.monitor.state.Alert;
import com.textloom.backup.monitor.state.MonitorState;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Turns conditions into the alert lifecycle, and the lifecycle into notifications. Runs only on the
 * leader instance (see {@link MonitorNode}), one call at a time.
 *
 * <ul>
 *   <li>a condition with no active alert of its fingerprint: AlertRaised (notification 1), then notify;</li>
 *   <li>an active alert whose condition no longer holds: AlertResolved, then notify "resolved";</li>
 *   <li>an active, unacknowledged alert last notified at least the re-notify interval ago: AlertRaised with
 *       the same id and the next notification number, then notify "reminder".</li>
 * </ul>
 * The record is written before the notification is sent, and every instance replays the records, so a
 * notification is sent at most once whichever instance leads.
 */
public final class AlertEngine {

    private static final Logger LOG = Logger.getLogger(AlertEngine.class);
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

    private final MonitorState state;
    private final Rules rules;
    private final MonitorSettings settings;
    private final AlertSink sink;
    private final Notifier notifier;
    private final Clock clock;
    private final Instant startedAt;

    public AlertEngine(
            MonitorState state,
            Rules rules,
            MonitorSettings settings,
            AlertSink sink,
            Notifier notifier,
            Clock clock,
            Instant startedAt) {
        this.state = state;
        this.rules = rules;
        this.settings = settings;
        this.sink = sink;
        this.notifier = notifier;
        this.clock = clock;
        this.startedAt = startedAt;
    }

    /** Evaluates every rule, raises and resolves alerts, then sends due re-notifications. */
    public synchronized void evaluate(ProbeSnapshot probes) {
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Map<String, Condition> conditions = rules.evaluate(new RuleContext(state, probes, settings, now, startedAt));
        for (Condition c : conditions.values()) {
            if (state.activeFor(c.fingerprint()).isEmpty()) {
                Alert a = Alert.raised(
                        newId(now),
                        c.fingerprint(),
                        c.rule(),
                        c.severity(),
                        c.subject(),
                        c.repository(),
                        c.component(),
                        c.message(),
                        now);
                sink.raised(a);
                state.raised(a, now);
                LOG.infof("alert %s raised (%s, %s): %s", a.alertId(), a.rule(), a.severity(), a.message());
                notifier.send(new Notification("raised", a, now));
            }
        }
        for (Alert a : state.alerts()) {
            if (a.active() && !conditions.containsKey(a.fingerprint())) {
                String why = "condition " + a.fingerprint() + " no longer holds";
                sink.resolved(a, now, why);
                state.resolved(a.alertId(), now);
                LOG.infof("alert %s resolved: %s", a.alertId(), why);
                notifier.send(
                        new Notification("resolved", state.alert(a.alertId()).orElse(a), now));
            }
        }
        renotify();
    }

    /** Sends a reminder for each active, unacknowledged alert whose last notification is old enough. */
    public synchronized void renotify() {
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        for (Alert a : state.alerts()) {
            if (!a.active() || a.acknowledgedAt() != null || a.lastNotifiedAt() == null) {
                continue;
            }
            if (a.lastNotifiedAt().plus(settings.renotifyInterval()).isAfter(now)) {
                continue;
            }
            Alert next = new Alert(
                    a.alertId(),
                    a.fingerprint(),
                    a.rule(),
                    a.severity(),
                    a.subject(),
                    a.repository(),
                    a.component(),
                    a.message(),
                    a.raisedAt(),
                    a.notifications() + 1,
                    now,
                    null,
                    null,
                    null);
            sink.raised(next);
            state.raised(next, now);
            LOG.infof("alert %s re-notified (notification %d)", a.alertId(), next.notifications());
            notifier.send(new Notification("reminder", state.alert(a.alertId()).orElse(next), now));
        }
    }

    private static String newId(Instant now) {
        return "alert_" + ID_TIME.format(now) + "_"
                + UUID.randomUUID().toString().substring(0, 8);
    }
}
