package com.textloom.backup.cli.recovery;

import static com.textloom.backup.cli.rest.RestCommand.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.textloom.backup.cli.Durations;
import com.textloom.backup.cli.rest.Poller;
import com.textloom.backup.cli.rest.RestClient;
import com.textloom.backup.cli.rest.RestException;
import com.textloom.backup.cli.rest.StatusLine;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Follows a recovery or a drill the disaster-recovery service accepted ({@code GET
 * /api/recoveries/{id}}, {@code GET /api/drills/{id}}) until its status is {@code success} or
 * {@code failed}, and tells a person what happens as it happens: the plan once it is known, then a
 * line for each step whenever its status changes (name, status, duration, detail, a hook's output
 * indented below it), and on a terminal a progress line on stderr naming the running step.
 *
 * <p>With {@code report} off (for {@code --json}) it prints nothing on stdout: the caller prints
 * the final state as the one JSON document.
 */
final class RunFollower {

    /** What is followed: a recovery or a drill. */
    enum Kind {
        RECOVERY("recovery", "/api/recoveries", "recovery_id"),
        DRILL("drill", "/api/drills", "drill_id");

        /** What messages call it. */
        final String word;
        /** The collection: POST starts one, GET {@code collection/{id}} shows one. */
        final String collection;
        /** The field of its id. */
        final String idField;

        Kind(String word, String collection, String idField) {
            this.word = word;
            this.collection = collection;
            this.idField = idField;
        }
    }

    private final Kind kind;
    private final RestClient client;
    private final PrintStream out;
    private final StatusLine line;
    private final boolean report;
    /** Last status printed per step ("index name"), so a step is printed again only when it changes. */
    private final Map<String, String> printed = new HashMap<>();

    private boolean planShown;

    /**
     * @param report whether to print the plan and the steps on {@code out}
     * @param line the progress line (drawn only on a terminal)
     */
    RunFollower(Kind kind, RestClient client, PrintStream out, StatusLine line, boolean report) {
        this.kind = kind;
        this.client = client;
        this.out = out;
        this.line = line;
        this.report = report;
    }

    /** Whether the run has ended: {@code success} or {@code failed} (a dry run ends success too). */
    static boolean finished(JsonNode run) {
        String status = text(run, "status", "");
        return status.equals("success") || status.equals("failed");
    }

    /**
     * Shows {@code accepted} (the service's 202 answer), then polls until the run ends. Should the
     * command be stopped meanwhile (Ctrl-C, a kill), it says on stderr that the run goes on in the
     * service and where to follow it.
     *
     * @return the final state
     * @throws Poller.TimedOut when {@code limit} ran out first
     */
    JsonNode follow(JsonNode accepted, Duration limit) throws RestException {
        String id = text(accepted, kind.idField, null);
        if (id == null) {
            throw new IllegalStateException("the disaster-recovery service at " + client.url() + " accepted the "
                    + kind.word + " but answered no " + kind.idField + ": " + accepted);
        }
        if (report) {
            out.println(kind.word + " " + id + ": " + text(accepted, "scenario", "?")
                    + (accepted.path("dry_run").asBoolean() ? ", dry run" : "")
                    + " (RPO target " + target(accepted, "rpo_target_seconds")
                    + ", RTO target " + target(accepted, "rto_target_seconds") + ")");
        }
        show(accepted, 0);
        String path = kind.collection + "/" + RestClient.encode(id);
        // Ctrl-C (or a kill) ends the command, not the run: say so, and where to follow it
        Thread notice = new Thread(
                () -> line.warn("textloom-backup: stopped following " + kind.word + " " + id + "; "
                        + Poller.goesOn(client, path)),
                "stopped-following");
        Runtime.getRuntime().addShutdownHook(notice);
        try {
            return new Poller(client, line).await(path, RunFollower::finished, this::show, kind.word + " " + id, limit);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(notice);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the notice is being printed
            }
        }
    }

    private static String target(JsonNode run, String secondsField) {
        return run.hasNonNull(secondsField)
                ? Durations.human(run.get(secondsField).asLong() * 1000)
                : "?";
    }

    private void show(JsonNode run, long elapsedNanos) {
        if (report) {
            JsonNode plan = run.path("plan");
            if (!planShown && plan.isObject()) {
                line.clear();
                printPlan(run.path("dry_run").asBoolean(), plan);
                planShown = true;
            }
            JsonNode steps = run.path("steps");
            for (int i = 0; i < steps.size(); i++) {
                JsonNode step = steps.get(i);
                String status = text(step, "status", "?");
                String key = i + " " + text(step, "name", "?");
                if (!status.equals(printed.getOrDefault(key, "pending"))) {
                    line.clear();
                    printStep(i + 1, steps.size(), step);
                    printed.put(key, status);
                }
            }
        }
        if (!finished(run)) {
            line.draw(progress(run, elapsedNanos));
        }
    }

    private void printPlan(boolean dryRun, JsonNode plan) {
        out.println(dryRun ? "plan (dry run: nothing is changed):" : "plan:");
        out.println("  backup:     " + text(plan, "backup_id", "none (this scenario restores no backup)"));
        out.println("  source:     " + text(plan, "source", "-"));
        list("  targets:    ", entries(plan.path("targets")), "none");
        list("  overwrites: ", plan.path("overwrites").elements(), "nothing");
        String basis = text(plan, "estimate_basis", null);
        out.println("  estimated:  "
                + (plan.hasNonNull("estimated_duration_ms")
                        ? Durations.human(plan.get("estimated_duration_ms").asLong())
                                + (basis == null ? "" : " (" + basis + ")")
                        : "unknown" + (basis == null ? " (no drill of this scenario yet)" : " (" + basis + ")")));
    }

    private void list(String label, Iterator<JsonNode> items, String none) {
        if (!items.hasNext()) {
            out.println(label + none);
            return;
        }
        String indent = " ".repeat(label.length());
        boolean first = true;
        while (items.hasNext()) {
            out.println((first ? label : indent) + items.next().asText());
            first = false;
        }
    }

    private static Iterator<JsonNode> entries(JsonNode object) {
        var texts = RestClient.JSON.createArrayNode();
        object.fields()
                .forEachRemaining(e -> texts.add(e.getKey() + ": "
                        + (e.getValue().isValueNode()
                                ? e.getValue().asText()
                                : e.getValue().toString())));
        return texts.elements();
    }

    private void printStep(int number, int total, JsonNode step) {
        String status = text(step, "status", "?");
        boolean ended = !status.equals("running") && !status.equals("pending");
        String duration = ended && step.has("duration_ms")
                ? Durations.human(step.get("duration_ms").asLong())
                : "";
        String detail = text(step, "detail", "");
        out.printf(
                Locale.ROOT,
                "  [%d/%d] %-22s %-8s %9s  %s%n",
                number,
                total,
                text(step, "name", "?"),
                status,
                duration,
                detail);
        String output = text(step, "output", "");
        if (ended && !output.isBlank()) {
            output.strip().lines().forEach(l -> out.println("        | " + l));
        }
    }

    private String progress(JsonNode run, long elapsedNanos) {
        long secs = elapsedNanos / 1_000_000_000L;
        StringBuilder b = new StringBuilder(kind.word)
                .append(' ')
                .append(text(run, kind.idField, "?"))
                .append(": ")
                .append(text(run, "status", "?"));
        JsonNode steps = run.path("steps");
        for (int i = 0; i < steps.size(); i++) {
            JsonNode step = steps.get(i);
            if (text(step, "status", "").equals("running")) {
                b.append(", step ")
                        .append(i + 1)
                        .append('/')
                        .append(steps.size())
                        .append(' ')
                        .append(text(step, "name", "?"));
                String detail = text(step, "detail", "");
                if (!detail.isBlank()) {
                    b.append(": ").append(detail.length() > 60 ? detail.substring(0, 57) + "..." : detail);
                }
                break;
            }
        }
        return b.append(String.format(Locale.ROOT, "  %d:%02d", secs / 60, secs % 60))
                .toString();
    }

    /**
     * The last lines of a finished run: its outcome and duration, the RTO target (with the measured
     * RTO and whether it was met when the service says: a drill's cleanup is not part of it), the
     * error of a failed one, and the steps left to a person ({@code manual}) with what to do.
     */
    void printOutcome(JsonNode run) {
        String id = text(run, kind.idField, "?");
        boolean dryRun = run.path("dry_run").asBoolean();
        StringBuilder b = new StringBuilder(kind.word)
                .append(' ')
                .append(id)
                .append(" (")
                .append(text(run, "scenario", "?"))
                .append(dryRun ? ", dry run" : "")
                .append("): ")
                .append(text(run, "status", "?"));
        if (run.hasNonNull("duration_ms")) {
            b.append(" in ").append(Durations.human(run.get("duration_ms").asLong()));
        }
        if (dryRun) {
            b.append("; nothing was changed");
        } else if (run.hasNonNull("rto_target_seconds")) {
            b.append(
                            run.hasNonNull("measured_rto_ms")
                                    ? "; RTO "
                                            + Durations.human(
                                                    run.get("measured_rto_ms").asLong()) + ", target "
                                    : "; RTO target ")
                    .append(target(run, "rto_target_seconds"));
            if (run.path("rto_met").isBoolean()) {
                b.append(run.get("rto_met").asBoolean() ? " met" : " MISSED");
            }
        }
        out.println(b);
        if (run.hasNonNull("error")) {
            out.println("  error: " + run.get("error").asText());
        }
        boolean heading = false;
        for (JsonNode step : run.path("steps")) {
            if (text(step, "status", "").equals("manual")) {
                if (!heading) {
                    out.println("  to do by hand (no hook is configured for these steps):");
                    heading = true;
                }
                out.println("    - " + text(step, "name", "?") + ": " + text(step, "detail", ""));
            }
        }
    }
}
