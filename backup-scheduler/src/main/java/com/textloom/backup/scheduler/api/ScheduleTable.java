package com.textloom.backup.scheduler.api;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Plain-text forms of the API's answers, for {@code scripts/backup_scheduler.sh} and people with curl
 * ({@code Accept: text/plain}): one aligned row per schedule, times in the schedules' zone.
 */
final class ScheduleTable {

    private static final String[] HEADER = {
        "SCHEDULE", "CRON", "TYPE", "COMPONENTS", "ENABLED", "NEXT FIRE", "LAST FIRE", "LAST OUTCOME"
    };

    private ScheduleTable() {}

    static String render(List<ScheduleView> schedules) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (ScheduleView s : schedules) {
            ZoneId zone = ZoneId.of(s.timezone());
            String lastFire = s.lastFire() == null
                    ? "-"
                    : time(s.lastFire().requestedAt(), zone) + " ("
                            + s.lastFire().trigger() + ")";
            String outcome = s.lastOutcome() == null ? "-" : outcome(s.lastOutcome(), zone);
            rows.add(new String[] {
                s.name(),
                s.cron(),
                s.type() != null ? s.type() : s.kind(),
                !s.scenarios().isEmpty()
                        ? String.join(",", s.scenarios())
                        : s.components().isEmpty() ? "-" : String.join(",", s.components()),
                s.enabled() ? "yes" : "no",
                s.nextFire() == null ? "-" : time(s.nextFire(), zone),
                lastFire,
                outcome
            });
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                out.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.append('\n');
        }
        String zone = schedules.isEmpty() ? "UTC" : schedules.get(0).timezone();
        return out.append("(times in ").append(zone).append(")\n").toString();
    }

    /**
     * One outcome: {@code success 20250820_020000 at ...}; a drill schedule's slot as {@code failed: redis_failure
     * failed (drill <id>, backup <id>, RTO 15.7 s of 900 s, not verified): <error>; database_failure success (...) at ...}.
     */
    private static String outcome(ScheduleView.LastOutcome o, ZoneId zone) {
        if (o.drills() != null) {
            List<String> drills = new ArrayList<>();
            o.drills().forEach(d -> drills.add(drill(d)));
            o.pending().forEach(scenario -> drills.add(scenario + " running"));
            return o.status() + ": " + String.join("; ", drills) + " at " + time(o.completedAt(), zone);
        }
        return o.status() + (o.backupId() == null ? "" : " " + o.backupId()) + " at " + time(o.completedAt(), zone)
                + (o.error() == null ? "" : ": " + o.error());
    }

    private static String drill(ScheduleView.LastOutcome d) {
        return d.scenario() + " " + d.status() + " (drill " + d.drillId()
                + (d.backupId() == null ? "" : ", backup " + d.backupId())
                + String.format(
                        Locale.ROOT,
                        ", RTO %.1f s of %d s%s",
                        d.rtoSeconds(),
                        d.rtoTargetSeconds(),
                        Boolean.TRUE.equals(d.rtoMet()) ? "" : " (over target)")
                + (d.verified() == null ? ", not compared" : d.verified() ? ", verified" : ", not verified") + ")"
                + (d.error() == null ? "" : ": " + d.error());
    }

    static String render(RunAccepted run) {
        return run.schedule() + ": published " + run.event() + " " + run.requestId()
                + (run.type() == null
                        ? ""
                        : " (type " + run.type() + ", components " + String.join(",", run.components()) + ")")
                + (run.scenarios().isEmpty()
                        ? ""
                        : " (drills "
                                + String.join(
                                        ", ",
                                        java.util.stream.IntStream.range(
                                                        0, run.scenarios().size())
                                                .mapToObj(i -> run.scenarios().get(i) + " "
                                                        + run.drillIds().get(i))
                                                .toList())
                                + ")")
                + "\n";
    }

    private static String time(Instant instant, ZoneId zone) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(zone).format(instant);
    }
}
