package com.textloom.backup.monitor.state;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The monitor's whole view, built only by replaying events (backup results, verify results, alert
 * lifecycle). Applying the same event twice changes nothing, so the replay on start,
 * a local apply right after publishing and the later consumption of the same record are all safe.
 *
 * <p>Thread-safe: one thread applies, API threads read copies.
 */
public final class MonitorState {

    private static final String WHOLE = "*";

    private final Duration keep;
    private final double suspiciousDrop;
    private final java.util.function.Consumer<BackupResult> onBackup;

    private Instant firstEventAt;
    private final Map<String, BackupResult> backupsById = new HashMap<>();
    private final List<BackupResult> backups = new ArrayList<>();
    private final Map<String, ComponentSuccess> lastSuccess = new LinkedHashMap<>();
    private final Map<String, BackupResult> failing = new LinkedHashMap<>();
    private final Map<String, Suspicion> suspicious = new LinkedHashMap<>();
    private final Map<String, VerifyResult> latestVerify = new LinkedHashMap<>();
    private final Map<String, Alert> alerts = new LinkedHashMap<>();
    private final Map<String, String> activeByFingerprint = new HashMap<>();
    private long version;

    /**
     * @param keep           how long backup results are kept for history (the metrics retention, 7 days)
     * @param suspiciousDrop fraction of the previous size below which a successful backup is suspicious
     *                       (0.5: a drop of more than half)
     */
    public MonitorState(Duration keep, double suspiciousDrop) {
        this(keep, suspiciousDrop, b -> { });
    }

    /** As above, telling {@code onBackup} about every new backup result (for counters). */
    public MonitorState(Duration keep, double suspiciousDrop, java.util.function.Consumer<BackupResult> onBackup) {
        this.keep = keep;
        this.suspiciousDrop = suspiciousDrop;
        this.onBackup = onBackup;
    }

    /** Increases on every change; lets readers notice changes cheaply. */
    public synchronized long version() {
        return version;
    }

    /** Applies a backup result; a backup id already seen is ignored. */
    public synchronized boolean apply(BackupResult b) {
        String id = b.repository() + "/" + b.backupId();
        if (backupsById.containsKey(id)) {
            return false;
        }
        backupsById.put(id, b);
        backups.add(b);
        backups.sort(Comparator.comparing(BackupResult::completedAt));
        seen(b.completedAt());
        if (b.status() == BackupResult.Status.FAILED && b.components().stream().noneMatch(c -> !c.success())) {
            failing.put(key(b.repository(), WHOLE), b);
        }
        for (BackupResult.ComponentOutcome c : b.components()) {
            String k = key(b.repository(), c.component());
            if (!c.success()) {
                failing.put(k, b);
                continue;
            }
            ComponentSuccess previous = lastSuccess.get(k);
            if (previous != null && !b.completedAt().isAfter(previous.at())) {
                continue; // an older result arriving late changes nothing current
            }
            failing.remove(k);
            String reason = suspicionOf(c, previous);
            if (reason != null) {
                suspicious.put(k, new Suspicion(b.repository(), c.component(), b.backupId(), b.completedAt(), reason));
            } else {
                suspicious.remove(k);
            }
            lastSuccess.put(k, new ComponentSuccess(b.repository(), c.component(), b.tier(), b.backupId(),
                    b.completedAt(), c.bytesRead(), c.files()));
        }
        if (b.status() == BackupResult.Status.SUCCESS) {
            failing.remove(key(b.repository(), WHOLE));
        }
        prune(b.completedAt());
        version++;
        onBackup.accept(b);
        return true;
    }

    private String suspicionOf(BackupResult.ComponentOutcome c, ComponentSuccess previous) {
        if (c.bytesRead() == 0) {
            return "backup of " + c.component() + " reports success but read 0 bytes";
        }
        if (previous == null) {
            return null;
        }
        if (previous.bytesRead() > 0 && c.bytesRead() < previous.bytesRead() * (1 - suspiciousDrop)) {
            return String.format("backup of %s read %d bytes, %.0f%% less than the previous one (%d bytes)",
                    c.component(), c.bytesRead(), 100.0 * (previous.bytesRead() - c.bytesRead()) / previous.bytesRead(),
                    previous.bytesRead());
        }
        if (previous.files() > 1 && c.files() < previous.files() * (1 - suspiciousDrop)) {
            return String.format("backup of %s read %d files, %.0f%% fewer than the previous one (%d files)",
                    c.component(), c.files(), 100.0 * (previous.files() - c.files()) / previous.files(),
                    previous.files());
        }
        return null;
    }

    /** Applies a verify result; only the latest per repository counts. */
    public synchronized boolean apply(VerifyResult v) {
        VerifyResult current = latestVerify.get(v.repository());
        if (current != null && !v.completedAt().isAfter(current.completedAt())) {
            return false;
        }
        latestVerify.put(v.repository(), v);
        seen(v.completedAt());
        version++;
        return true;
    }

    /**
     * Applies an AlertRaised record. The first record of an alert id adds it; a later one with a higher
     * notification number is a re-notification (published at {@code publishedAt}); anything else is ignored.
     */
    public synchronized boolean raised(Alert a, Instant publishedAt) {
        Alert current = alerts.get(a.alertId());
        if (current == null) {
            alerts.put(a.alertId(), a.notified(a.notifications(), publishedAt));
            if (a.active()) {
                activeByFingerprint.putIfAbsent(a.fingerprint(), a.alertId());
            }
            seen(a.raisedAt());
            version++;
            return true;
        }
        if (a.notifications() <= current.notifications()) {
            return false;
        }
        alerts.put(a.alertId(), current.notified(a.notifications(), publishedAt));
        version++;
        return true;
    }

    /** Applies an acknowledgement; unknown or already acknowledged alerts are ignored. */
    public synchronized boolean acknowledged(String alertId, Instant at, String by) {
        Alert a = alerts.get(alertId);
        if (a == null || a.acknowledgedAt() != null) {
            return false;
        }
        alerts.put(alertId, a.acknowledged(at, by));
        version++;
        return true;
    }

    /** Applies a resolution; unknown or already resolved alerts are ignored. */
    public synchronized boolean resolved(String alertId, Instant at) {
        Alert a = alerts.get(alertId);
        if (a == null || a.resolvedAt() != null) {
            return false;
        }
        alerts.put(alertId, a.resolved(at));
        activeByFingerprint.remove(a.fingerprint(), alertId);
        version++;
        return true;
    }

    // ---- reads --------------------------------------------------------------------------------------

    public synchronized Optional<Instant> firstEventAt() {
        return Optional.ofNullable(firstEventAt);
    }

    /** Backup results kept (the history window), oldest first. */
    public synchronized List<BackupResult> backups() {
        return List.copyOf(backups);
    }

    /** Latest successful backup per repository and component. */
    public synchronized List<ComponentSuccess> lastSuccesses() {
        return List.copyOf(lastSuccess.values());
    }

    /** Backups whose failure is not yet followed by a success, keyed "repository/component" ("*": whole). */
    public synchronized Map<String, BackupResult> failing() {
        return Map.copyOf(failing);
    }

    /** Current suspicious component backups. */
    public synchronized List<Suspicion> suspicious() {
        return List.copyOf(suspicious.values());
    }

    /** Latest verify per repository. */
    public synchronized List<VerifyResult> latestVerifies() {
        return List.copyOf(latestVerify.values());
    }

    /** Every alert known, in the order raised. */
    public synchronized List<Alert> alerts() {
        return List.copyOf(alerts.values());
    }

    public synchronized Optional<Alert> alert(String alertId) {
        return Optional.ofNullable(alerts.get(alertId));
    }

    /** The active alert of a condition, if any. */
    public synchronized Optional<Alert> activeFor(String fingerprint) {
        String id = activeByFingerprint.get(fingerprint);
        return id == null ? Optional.empty() : Optional.of(alerts.get(id));
    }

    /** The key a component's state is stored under. */
    public static String key(String repository, String component) {
        return repository + "/" + component;
    }

    private void seen(Instant at) {
        if (at != null && (firstEventAt == null || at.isBefore(firstEventAt))) {
            firstEventAt = at;
        }
    }

    private void prune(Instant latest) {
        Instant limit = latest.minus(keep).minus(keep);
        while (backups.size() > 1 && backups.get(0).completedAt().isBefore(limit)) {
            BackupResult old = backups.remove(0);
            backupsById.remove(old.repository() + "/" + old.backupId());
        }
    }
}
