package com.textloom.backup.recovery.assess;

import com.textloom.backup.recovery.assess.CheckReport.CheckResult;
import com.textloom.backup.recovery.catalog.BackupInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The backups, from the manager's catalogue: per component of BACKUP_MONITOR_RPO, the age of its newest good backup
 * against the component's RPO, and whether a remote holds that backup ({@code location.remotes} status
 * {@code present}). Never critical (the protected application may be fine): degraded when an RPO is exceeded, a
 * component has no good backup, a newest backup has no remote copy (then {@code full_disaster} cannot be recovered),
 * or the catalogue cannot be read.
 */
final class BackupsCheck {

    static final String NAME = "backups";

    /** @param figures the assessment's reading of the catalogue, waited for here (its time is this check's latency) */
    CheckResult run(AssessSettings settings, Supplier<Baseline> figures) {
        CheckReport r = new CheckReport(NAME);
        Baseline baseline = figures.get();
        if (!baseline.available() && baseline.late()) {
            r.degraded(baseline.error());
            r.recommend("The backup catalogue was not read in time (" + baseline.error() + "): the manager may be busy"
                    + " (a backup or restore running) or the machine loaded; assess again (`scripts/disaster_recovery.sh"
                    + " assess --fresh`), and if it stays slow look at the manager's /q/health/ready and its log.");
            return r.done();
        }
        if (!baseline.available()) {
            r.degraded(baseline.error());
            r.recommend("The backup catalogue cannot be read (" + baseline.error() + "): start the backup manager"
                    + " (`deploy/local/up backup-manager`, or its systemd unit / container) and check BACKUP_MANAGER_URL;"
                    + " without it no recovery can choose a backup.");
            return r.done();
        }
        Instant now = Instant.now();
        Map<String, Object> components = new LinkedHashMap<>();
        int withoutRemote = 0;
        for (Map.Entry<String, Duration> e : settings.rpo().entrySet()) {
            String component = e.getKey();
            Duration rpo = e.getValue();
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("rpo_seconds", rpo.toSeconds());
            components.put(component, c);
            BackupInfo newest = baseline.of(component).orElse(null);
            if (newest == null) {
                c.put("status", "no_backup");
                r.degraded(component + ": no good backup");
                r.recommend("There is no good backup of " + component
                        + ": run `scripts/backup_manager.sh backup --type full"
                        + " --wait` and read its errors (`scripts/backup_manager.sh list`).");
                continue;
            }
            Duration age = newest.time() == null ? Duration.ZERO : Duration.between(newest.time(), now);
            long present = newest.remotes().stream()
                    .filter(x -> "present".equals(x.status()))
                    .count();
            c.put("backup_id", newest.backupId());
            c.put("time", newest.time() == null ? null : newest.time().toString());
            c.put("age_seconds", Math.max(0, age.toSeconds()));
            c.put("rpo_met", age.compareTo(rpo) <= 0);
            c.put("remote_copies", present);
            c.put(
                    "remotes",
                    newest.remotes().stream()
                            .map(x -> Map.of(
                                    "location", String.valueOf(x.location()), "status", String.valueOf(x.status())))
                            .toList());
            if (age.compareTo(rpo) > 0) {
                r.degraded(component + ": newest good backup " + newest.backupId() + " is " + words(age)
                        + " old, over its RPO of " + words(rpo));
                r.recommend("The newest good backup of " + component + " (" + newest.backupId() + ") is " + words(age)
                        + " old, over its RPO of " + words(rpo) + ": run `scripts/backup_manager.sh backup --type full"
                        + " --wait` now and check the schedules (`scripts/backup_scheduler.sh status`).");
            }
            if (present == 0) {
                withoutRemote++;
                r.degraded(component + ": backup " + newest.backupId() + " has no remote copy");
            }
        }
        if (withoutRemote > 0) {
            r.recommend("The newest backup of " + withoutRemote
                    + " component(s) has no copy on a remote, so a full_disaster"
                    + " (everything local lost) cannot be recovered: configure MINIO_ENDPOINT or OBS_ENDPOINT (or"
                    + " BACKUP_REMOTES) for the backup manager, make sure the remote answers, and run"
                    + " `scripts/backup_manager.sh backup --type full --wait`.");
        }
        r.fact("components", components);
        r.summary("every component's newest good backup is within its RPO and copied to a remote");
        return r.done();
    }

    /** 90 s → "1m30s", 3 h → "3h". */
    static String words(Duration d) {
        long s = Math.max(0, d.toSeconds());
        StringBuilder out = new StringBuilder();
        if (s >= 86_400) {
            out.append(s / 86_400).append('d');
            s %= 86_400;
        }
        if (s >= 3600) {
            out.append(s / 3600).append('h');
            s %= 3600;
        }
        if (s >= 60) {
            out.append(s / 60).append('m');
            s %= 60;
        }
        if (s > 0 || out.length() == 0) {
            out.append(s).append('s');
        }
        return out.toString();
    }
}
