package com.textloom.backup.recovery.plan;

import com.textloom.backup.recovery.catalog.BackupCatalog;
import com.textloom.backup.recovery.catalog.BackupInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The RPO achievable now for some components: for each, the interval between its two newest backups that did not
 * fail (how often it is really backed up, whatever the schedule says) plus the age of the newest good one; the
 * worst component decides. With a single backup the interval is unknown and only the age counts (said in the
 * findings); with none, nothing is achievable.
 *
 * @param achievable the achievable RPO, null when a component was never backed up
 * @param detail     per component: age, interval, sum
 * @param findings   problems (never backed up, interval unknown)
 */
public record RpoEstimate(Duration achievable, String detail, List<String> findings) {

    public static RpoEstimate of(BackupCatalog catalog, List<String> components, Instant now) {
        List<BackupInfo> all = catalog.list();
        Duration worst = Duration.ZERO;
        List<String> parts = new ArrayList<>();
        List<String> findings = new ArrayList<>();
        for (String c : components) {
            Optional<BackupInfo> newest = catalog.newestGood(c);
            if (newest.isEmpty() || newest.get().time() == null) {
                findings.add("component " + c + " has never been backed up successfully");
                return new RpoEstimate(null, "no good backup of " + c + ": no RPO is achievable", findings);
            }
            Duration age = Duration.between(newest.get().time(), now);
            List<Instant> times = all.stream()
                    .filter(b -> !"failed".equals(b.status()) && b.components().containsKey(c) && b.time() != null)
                    .map(BackupInfo::time)
                    .sorted(java.util.Comparator.reverseOrder())
                    .limit(2)
                    .toList();
            Duration interval = times.size() == 2 ? Duration.between(times.get(1), times.get(0)) : null;
            if (interval == null) {
                findings.add("only one backup of " + c + ": the interval between backups cannot be measured yet");
            }
            Duration sum = interval == null ? age : age.plus(interval);
            parts.add(c + ": newest good backup " + newest.get().backupId() + " is " + Steps.age(age) + " old"
                    + (interval == null ? "" : ", backups " + Steps.age(interval) + " apart") + " → " + Steps.age(sum));
            if (sum.compareTo(worst) > 0) {
                worst = sum;
            }
        }
        return new RpoEstimate(
                worst, "achievable RPO " + Steps.age(worst) + " (" + String.join("; ", parts) + ")", findings);
    }
}
