package com.textloom.backup.monitor.metrics;

import com.textloom.backup.monitor.config.MonitorSettings;
import com.textloom.backup.monitor.probe.ProbeSnapshot;
import com.textloom.backup.monitor.state.BackupResult;
import com.textloom.backup.monitor.state.ComponentSuccess;
import com.textloom.backup.monitor.state.MonitorState;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes the {@link MetricsView} from the replayed state, so the figures (7-day history included) are
 * the same on every instance and after a restart. Pure.
 */
public final class MetricsCalculator {

    private MetricsCalculator() {}

    public static MetricsView compute(MonitorState state, ProbeSnapshot probes, MonitorSettings settings, Instant now) {
        List<BackupResult> all = state.backups();
        Instant windowStart = now.minus(settings.historyWindow());
        List<BackupResult> window = all.stream()
                .filter(b -> !b.completedAt().isBefore(windowStart)
                        && !b.completedAt().isAfter(now))
                .toList();
        List<BackupResult> day = window.stream()
                .filter(b -> !b.completedAt().isBefore(now.minus(Duration.ofHours(24))))
                .toList();
        List<Instant> successes = all.stream()
                .filter(b -> b.status() == BackupResult.Status.SUCCESS)
                .map(BackupResult::completedAt)
                .filter(t -> !t.isAfter(now))
                .sorted()
                .toList();

        Double lastAge =
                successes.isEmpty() ? null : round(hours(Duration.between(successes.get(successes.size() - 1), now)));
        Double disk = probes.disk() == null || probes.disk().error() != null
                ? null
                : probes.disk().usedPercent();

        List<MetricsView.Day> days = new ArrayList<>();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        for (int i = settings.historyDays() - 1; i >= 0; i--) {
            LocalDate d = today.minusDays(i);
            Instant from = d.atStartOfDay().toInstant(ZoneOffset.UTC);
            Instant to = d.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            if (to.isAfter(now)) {
                to = now;
            }
            List<BackupResult> of = all.stream()
                    .filter(b -> !b.completedAt().isBefore(from)
                            && b.completedAt()
                                    .isBefore(d.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)))
                    .toList();
            long ok = of.stream()
                    .filter(b -> b.status() == BackupResult.Status.SUCCESS)
                    .count();
            days.add(new MetricsView.Day(
                    d,
                    of.size(),
                    ok,
                    of.isEmpty() ? null : round((double) ok / of.size()),
                    averageAgeHours(successes, from, to),
                    of.stream().mapToLong(BackupResult::bytesStored).sum()));
        }

        long read = window.stream().mapToLong(BackupResult::bytesRead).sum();
        long fresh = window.stream().mapToLong(BackupResult::bytesNew).sum();
        long stored = window.stream().mapToLong(BackupResult::bytesStored).sum();
        MetricsView.Totals totals = new MetricsView.Totals(
                window.size(),
                countOk(window),
                read,
                fresh,
                stored,
                fresh == 0 ? null : round((double) read / fresh),
                window.isEmpty()
                        ? 0
                        : round(window.stream()
                                        .mapToLong(BackupResult::durationMs)
                                        .average()
                                        .orElse(0)
                                / 1000),
                all.isEmpty() ? null : round(all.get(all.size() - 1).durationMs() / 1000.0));

        return new MetricsView(
                now,
                rate(day),
                lastAge,
                disk,
                rate(window),
                averageAgeHours(successes, windowStart, now),
                components(state, settings, now),
                totals,
                days);
    }

    private static List<MetricsView.ComponentAge> components(
            MonitorState state, MonitorSettings settings, Instant now) {
        Map<String, MetricsView.ComponentAge> out = new LinkedHashMap<>();
        List<ComponentSuccess> all = state.lastSuccesses().stream()
                .sorted(Comparator.comparing(ComponentSuccess::at))
                .toList();
        for (String component : settings.rpo().keySet()) {
            out.put(component + "/any", null);
        }
        for (ComponentSuccess s : all) {
            Double rpo = settings.rpo().containsKey(s.component())
                    ? round(hours(settings.rpo().get(s.component())))
                    : null;
            double age = round(hours(Duration.between(s.at(), now)));
            out.put(s.component() + "/any", new MetricsView.ComponentAge(s.component(), "any", s.at(), age, rpo));
            out.put(
                    s.component() + "/" + s.tier(),
                    new MetricsView.ComponentAge(s.component(), s.tier(), s.at(), age, rpo));
        }
        out.replaceAll((k, v) -> v != null
                ? v
                : new MetricsView.ComponentAge(
                        k.substring(0, k.indexOf('/')),
                        "any",
                        null,
                        -1,
                        round(hours(settings.rpo().get(k.substring(0, k.indexOf('/')))))));
        return List.copyOf(out.values());
    }

    /**
     * The time-average over [from, to] of the age of the newest successful backup, counted from the first
     * success (before it, the age is undefined). Null when no success happened before {@code to}.
     */
    static Double averageAgeHours(List<Instant> successes, Instant from, Instant to) {
        if (successes.isEmpty() || !successes.get(0).isBefore(to)) {
            return null;
        }
        Instant start = successes.get(0).isAfter(from) ? successes.get(0) : from;
        if (!start.isBefore(to)) {
            return null;
        }
        Instant last = null;
        for (Instant s : successes) {
            if (!s.isAfter(start)) {
                last = s;
            }
        }
        double integral = 0; // hour * hour
        Instant cursor = start;
        for (Instant s : successes) {
            if (!s.isAfter(start)) {
                continue;
            }
            if (!s.isBefore(to)) {
                break;
            }
            integral += segment(last, cursor, s);
            last = s;
            cursor = s;
        }
        integral += segment(last, cursor, to);
        return round(integral / hours(Duration.between(start, to)));
    }

    /** Integral of (t - last) for t in [a, b], in hour*hour. */
    private static double segment(Instant last, Instant a, Instant b) {
        double ha = hours(Duration.between(last, a));
        double hb = hours(Duration.between(last, b));
        return (hb * hb - ha * ha) / 2;
    }

    private static long countOk(List<BackupResult> bs) {
        return bs.stream()
                .filter(b -> b.status() == BackupResult.Status.SUCCESS)
                .count();
    }

    private static double rate(List<BackupResult> bs) {
        return bs.isEmpty() ? 0.0 : round((double) countOk(bs) / bs.size());
    }

    private static double hours(Duration d) {
        return d.toMillis() / 3_600_000.0;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
