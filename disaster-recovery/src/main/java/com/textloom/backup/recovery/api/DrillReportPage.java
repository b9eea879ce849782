package com.textloom.backup.recovery.api;

import com.textloom.backup.recovery.run.ProofItem;
import com.textloom.backup.recovery.run.RunReport;
import com.textloom.backup.recovery.run.StepRecord;
import java.util.Locale;

/**
 * The drill report a person reads at a glance: verdict, measured RTO against the target (a gauge), the steps on a
 * timeline (bars placed by start and length within the drill), the proof per component, the achievable RPO, issues
 * and recommendations. Self-contained HTML (no script, no external resource); every value is escaped.
 */
final class DrillReportPage {

    private DrillReportPage() {}

    static String render(RunReport d) {
        StringBuilder h = new StringBuilder(8192);
        String verdict = d.status().toUpperCase(Locale.ROOT);
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Drill ")
                .append(esc(d.drillId()))
                .append(" — ")
                .append(esc(d.scenario()))
                .append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:60em;color:#222}")
                .append(
                        "h1 span{padding:.1em .5em;border-radius:.3em;color:#fff}.success{background:#2e7d32}.failed{background:#c62828}")
                .append(
                        ".running,.planned{background:#f9a825}table{border-collapse:collapse;width:100%}td,th{padding:.3em .5em;")
                .append(
                        "border-bottom:1px solid #ddd;text-align:left;vertical-align:top}.track{position:relative;height:1em;")
                .append("background:#f3f3f3;min-width:20em}.bar{position:absolute;top:0;height:1em;min-width:2px}")
                .append(".s-success{background:#43a047}.s-failed{background:#e53935}.s-manual{background:#fb8c00}")
                .append(
                        ".s-skipped,.s-pending{background:#bdbdbd}.s-running{background:#fdd835}.gauge{position:relative;height:1.4em;")
                .append(
                        "background:#eee;border:1px solid #999}.gauge div{height:100%}.target{position:absolute;top:-.3em;bottom:-.3em;")
                .append(
                        "border-left:3px solid #000}.mono{font-family:monospace;font-size:.9em;white-space:pre-wrap}</style></head><body>");
        h.append("<h1>Drill ")
                .append(esc(d.scenario()))
                .append(" <span class=\"")
                .append(esc(d.status()))
                .append("\">")
                .append(esc(verdict))
                .append("</span></h1>");
        h.append("<p>Drill <code>")
                .append(esc(d.drillId()))
                .append("</code>, backup <code>")
                .append(esc(d.backupId()))
                .append("</code>, by ")
                .append(esc(d.requestedBy()))
                .append(", started ")
                .append(esc(d.startedAt()))
                .append(d.error() == null ? "" : "<br><b>Error:</b> " + esc(d.error()))
                .append("</p>");

        long target = d.rtoTargetSeconds() * 1000;
        Long rto = d.measuredRtoMs();
        h.append("<h2>Recovery time</h2>");
        if (rto != null) {
            double scale = Math.max(target, rto);
            h.append("<p>Measured RTO <b>")
                    .append(secs(rto))
                    .append("</b> against a target of <b>")
                    .append(secs(target))
                    .append("</b>: ")
                    .append(Boolean.TRUE.equals(d.rtoMet()) ? "met" : "<b>missed</b>")
                    .append(String.format(Locale.ROOT, " (%.1f %% of the target)", 100.0 * rto / Math.max(1, target)))
                    .append("</p>")
                    .append("<div class=\"gauge\"><div class=\"")
                    .append(Boolean.TRUE.equals(d.rtoMet()) ? "s-success" : "s-failed")
                    .append("\" style=\"width:")
                    .append(pct(rto, scale))
                    .append("%\"></div><span class=\"target\" style=\"left:")
                    .append(pct(target, scale))
                    .append("%\" title=\"RTO target\"></span></div>");
        } else {
            h.append("<p>No RTO measured (the drill did not get the data back).</p>");
        }
        h.append("<p>Achievable RPO: ")
                .append(d.achievableRpoSeconds() == null ? "unknown" : secs(d.achievableRpoSeconds() * 1000))
                .append(" against a target of ")
                .append(secs(d.rpoTargetSeconds() * 1000))
                .append(": ")
                .append(d.rpoMet() == null ? "not judged" : d.rpoMet() ? "met" : "<b>missed</b>")
                .append("</p>");

        h.append(
                "<h2>Steps</h2><table><tr><th>step</th><th>status</th><th>duration</th><th>timeline</th><th>detail</th></tr>");
        long start = d.startedAt() == null ? 0 : d.startedAt().toEpochMilli();
        double total = Math.max(1, d.durationMs() == null ? 1 : d.durationMs());
        for (StepRecord s : d.steps()) {
            h.append("<tr><td>")
                    .append(esc(s.name()))
                    .append("</td><td>")
                    .append(esc(s.status()))
                    .append("</td><td>")
                    .append(secs(s.durationMs()))
                    .append("</td><td><div class=\"track\">");
            if (s.startedAt() != null) {
                h.append("<div class=\"bar s-")
                        .append(esc(s.status()))
                        .append("\" style=\"left:")
                        .append(pct(s.startedAt().toEpochMilli() - start, total))
                        .append("%;width:")
                        .append(pct(s.durationMs(), total))
                        .append("%\"></div>");
            }
            h.append("</div></td><td>").append(esc(s.detail()));
            if (s.output() != null && !s.output().isEmpty()) {
                h.append("<div class=\"mono\">").append(esc(s.output())).append("</div>");
            }
            h.append("</td></tr>");
        }
        h.append("</table>");

        h.append("<h2>Proof</h2>");
        if (d.proof().isEmpty()) {
            h.append("<p>Nothing was compared.</p>");
        } else {
            h.append("<table><tr><th>component</th><th>equal</th><th>detail</th></tr>");
            for (ProofItem p : d.proof()) {
                h.append("<tr><td>")
                        .append(esc(p.component()))
                        .append("</td><td>")
                        .append(p.equal() ? "✔ equal" : "✘ <b>unequal</b>")
                        .append("</td><td>")
                        .append(esc(p.detail()));
                for (String diff : p.differences()) {
                    h.append("<br>").append(esc(diff));
                }
                h.append("</td></tr>");
            }
            h.append("</table>");
        }
        list(h, "Issues", d.issues());
        list(h, "Recommendations", d.recommendations());
        h.append("<p><a href=\"/api/drills/")
                .append(esc(d.drillId()))
                .append("\" type=\"application/json\">JSON</a></p></body></html>");
        return h.toString();
    }

    private static void list(StringBuilder h, String title, java.util.List<String> items) {
        h.append("<h2>").append(title).append("</h2>");
        if (items.isEmpty()) {
            h.append("<p>None.</p>");
            return;
        }
        h.append("<ul>");
        items.forEach(i -> h.append("<li>").append(esc(i)).append("</li>"));
        h.append("</ul>");
    }

    private static String pct(double part, double whole) {
        return String.format(Locale.ROOT, "%.2f", Math.max(0, Math.min(100, 100 * part / whole)));
    }

    private static String secs(long ms) {
        return ms < 120_000
                ? String.format(Locale.ROOT, "%.1f s", ms / 1000.0)
                : String.format(Locale.ROOT, "%.1f min", ms / 60000.0);
    }

    private static String esc(Object o) {
        if (o == null) {
            return "";
        }
        String s = o.toString();
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
