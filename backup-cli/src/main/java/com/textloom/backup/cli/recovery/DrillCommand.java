package com.textloom.backup.cli.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.textloom.backup.cli.CliContext;
import com.textloom.backup.cli.Durations;
import com.textloom.backup.cli.rest.RestClient;
import com.textloom.backup.cli.rest.RestException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drill}: the guide's {@code disaster_recovery.py drill}, run by disaster recovery. */
@Command(
        name = "drill",
        mixinStandardHelpOptions = true,
        description = {
            "Have the disaster-recovery service drill a failure scenario (POST /api/drills)"
                    + " and follow it (GET /api/drills/{id}): the scenario's plan is run against scratch"
                    + " targets (a new database, a spare Redis db, a temporary directory; never production),"
                    + " the restored data is compared with what was recorded at backup time, and the time is"
                    + " measured against the RTO target.",
            "Prints every step as its status changes, then the guide's drill result: whether the RTO"
                    + " (and RPO) targets are met, the proof per component, the issues found and the"
                    + " recommendations, and where the report page is. Scratch targets are removed afterwards"
                    + " unless --keep.",
            "",
            "  textloom-backup drill --scenario database_failure",
            "  textloom-backup drill --scenario full_disaster --keep"
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the drill passed: every step succeeded and the restored data was proven equal",
            "1:the drill failed (a step failed, or the restored data differs: printed), the service"
                    + " is unreachable, refused the key, or is busy (409)",
            "2:bad usage: unknown option, missing --scenario, or the service refused the request"
                    + " (unknown scenario or backup)"
        },
        footerHeading = Scenarios.HEADING,
        footer = {Scenarios.DATABASE, Scenarios.REDIS, Scenarios.APPLICATION, Scenarios.STORAGE, Scenarios.FULL})
public final class DrillCommand extends RunCommand {

    @Option(names = "--keep", description = "Leave the scratch targets in place afterwards, to look at them.")
    boolean keep;

    @Option(
            names = "--backup-id",
            paramLabel = "ID",
            description = "Drill with this backup (default: the one a recovery would choose now).")
    String backupId;

    DrillCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run(RestClient service) throws RestException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("scenario", scenario);
        body.put("keep", keep);
        body.put("backup_id", backupId);
        return startAndFollow(service, RunFollower.Kind.DRILL, body);
    }

    /** The guide's drill result: RTO and RPO against their targets, the proof, issues, advice. */
    @Override
    void printResult(JsonNode drill, RestClient service) {
        if (drill.hasNonNull("rpo_seconds")) {
            out().println("  RPO: backup "
                    + Durations.human(drill.get("rpo_seconds").asLong() * 1000)
                    + " old, target "
                    + Durations.human(drill.path("rpo_target_seconds").asLong() * 1000)
                    + (drill.path("rpo_met").isBoolean()
                            ? (drill.get("rpo_met").asBoolean() ? " met" : " MISSED")
                            : ""));
        }
        JsonNode verified = drill.path("verified");
        out().println("  proof: "
                + (verified.isBoolean()
                        ? (verified.asBoolean()
                                ? "restored data equal to what was backed up"
                                : "restored data NOT EQUAL")
                        : "not compared"));
        for (JsonNode p : drill.path("proof")) {
            out().printf(
                            Locale.ROOT,
                            "    %-10s %-9s %s%n",
                            text(p, "component", "?"),
                            p.path("equal").asBoolean() ? "equal" : "NOT EQUAL",
                            text(p, "detail", ""));
            for (JsonNode d : p.path("differences")) {
                out().println("      differs: " + d.asText());
            }
        }
        section("issues", drill.path("issues"));
        section("recommendations", drill.path("recommendations"));
        String id = text(drill, "drill_id", "?");
        out().println("  report: " + service.url() + "/api/drills/" + RestClient.encode(id)
                + " (a page in a browser, JSON otherwise)");
    }

    private void section(String title, JsonNode items) {
        if (items.size() > 0) {
            out().println("  " + title + ":");
            items.forEach(i -> out().println("    - " + i.asText()));
        }
    }
}
