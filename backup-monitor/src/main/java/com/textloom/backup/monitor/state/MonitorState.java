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
 * The monitor's whole view, built only by replaying events (backup results, verify results, drill and
 * recovery results, alert lifecycle). Applying the same event twice changes nothing, so the replay on start,
 * a local apply right after publishing and the later consumption of the same record are all safe.
 *
 * <p>Thread-safe: one thread applies, API threads read copies.
 */
public final class MonitorState {

    private static final String WHOLE = "*";
    /** Drills and recoveries kept for the history. */
    public static final int RUNS_KEPT = 200;

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
    private final Map<String, RecoveryRun> runsById = new HashMap<>();
    private final List<RecoveryRun> runs = new ArrayList<>();
    private final Map<String, RecoveryRun> latestRun = new HashMap<>();
    private final Map<String, RecoveryRun> lastGoodDrill = new LinkedHashMap<>();
    private final Map<String, RecoveryRun> failingDrills = new LinkedHashMap<>();
    private final Map<String, RecoveryRun> slowDrills = new LinkedHashMap<>();
    private final Map<String, RecoveryRun> failingRecoveries = new LinkedHashMap<>();
    private final java.util.function.Consumer<RecoveryRun> onRun;
    private long version;

    /**
     * @param keep           how long backup results are kept for history (the metrics retention, 7 days)
     * @param suspiciousDrop fraction of the previous size below which a successful backup is suspicious
     *                       (0.5: a drop of more than half)
     */
    public MonitorState(Duration keep, double suspiciousDrop) {
        this(keep, suspiciousDrop, b -> {}, r -> {});
    }

    /**
     * As above, telling {@code onBackup} about every new backup result and {@code onRun} about every new drill or
     * recovery result (for counters).
     */
    public MonitorState(
            Duration keep,
            double suspiciousDrop,
            java.util.function.Consumer<BackupResult> onBackup,
            java.util.function.Consumer<RecoveryRun> onRun) {
        this.keep = keep;
        this.suspiciousDrop = suspiciousDrop;
        this.onBackup = onBackup;
        this.onRun = onRun;
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
            lastSuccess.put(
                    k,
                    new ComponentSuccess(
                            b.repository(),
                            c.component(),
                            b.tier(),
                            b.backupId(),
                            b.completedAt(),
                            c.bytesRead(),
                            c.files()));
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
            return String.format(
                    "backup of %s read %d bytes, %.0f%% less than the previous one (%d bytes)",
                    c.component(),
                    c.bytesRead(),
                    100.0 * (previous.bytesRead() - c.bytesRead()) / previous.bytesRead(),
                    previous.bytesRead());
        }
        if (previous.files() > 1 && c.files() < previous.files() * (1 - suspiciousDrop)) {
            return String.format(
                    "backup of %s read %d files, %.0f%% fewer than the previous one (%d files)",
                    c.component(),
                    c.files(),
                    100.0 * (previous.files() - c.files()) / previous.files(),
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
     * Applies a finished drill or recovery; an id already seen is ignored. The newest {@value #RUNS_KEPT} are kept for
     * the history (older ones go first, so the history stays bounded whatever the topic holds). Per scenario, only a
     * run newer than the newest of its kind already applied changes the current conditions:
     * <ul>
     *   <li>a drill that did not succeed makes the scenario's drills failing; a successful one clears that, is the
     *       scenario's last good drill, and makes the scenario slow (measured RTO over its target) or clears it;</li>
     *   <li>a recovery (not a dry run) that did not succeed makes the scenario's recoveries failing; a successful one
     *       clears that. Dry runs change no condition.</li>
     * </ul>
     */
    public synchronized boolean apply(RecoveryRun r) {
        String id = r.kind() + "/" + r.id();
        if (runsById.containsKey(id)) {
            return false;
        }
        runsById.put(id, r);
        runs.add(r);
        runs.sort(Comparator.comparing(RecoveryRun::completedAt));
        while (runs.size() > RUNS_KEPT) {
            RecoveryRun old = runs.remove(0);
            runsById.remove(old.kind() + "/" + old.id());
        }
        seen(r.completedAt());
        String current = r.kind() + "/" + r.scenario() + (r.dryRun() ? "/dry" : "");
        RecoveryRun previous = latestRun.get(current);
        if (previous == null || r.completedAt().isAfter(previous.completedAt())) {
            latestRun.put(current, r);
            if (r.drill()) {
                if (r.succeeded()) {
                    failingDrills.remove(r.scenario());
                    lastGoodDrill.put(r.scenario(), r);
                    if (r.overRto()) {
                        slowDrills.put(r.scenario(), r);
                    } else {
                        slowDrills.remove(r.scenario());
                    }
                } else {
                    failingDrills.put(r.scenario(), r);
                }
            } else if (!r.dryRun()) {
                if (r.succeeded()) {
                    failingRecoveries.remove(r.scenario());
                } else {
                    failingRecoveries.put(r.scenario(), r);
                }
            }
        }
        version++;
        onRun.accept(r);
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

    /** The drills and recoveries kept (the newest {@value #RUNS_KEPT}), oldest first. */
    public synchronized List<RecoveryRun> runs() {
        return List.copyOf(runs);
    }

    /** Per scenario, the newest successful drill. */
    public synchronized Map<String, RecoveryRun> lastGoodDrills() {
        return Map.copyOf(lastGoodDrill);
    }

    /** Per scenario, the newest drill when it did not succeed (cleared by a successful one). */
    public synchronized Map<String, RecoveryRun> failingDrills() {
        return Map.copyOf(failingDrills);
    }

    /** Per scenario, the newest successful drill when its measured RTO went over the target (cleared by one within). */
    public synchronized Map<String, RecoveryRun> slowDrills() {
        return Map.copyOf(slowDrills);
    }

    /** Per scenario, the newest recovery (not a dry run) when it did not succeed (cleared by a successful one). */
    public synchronized Map<String, RecoveryRun> failingRecoveries() {
        return Map.copyOf(failingRecoveries);
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
