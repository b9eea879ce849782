package com.textloom.backup.cli.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.textloom.backup.cli.CliContext;
import com.textloom.backup.cli.ExitCodes;
import com.textloom.backup.cli.rest.RestClient;
import com.textloom.backup.cli.rest.RestException;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code assess}: the guide's {@code disaster_recovery.py assess}. */
@Command(
        name = "assess",
        mixinStandardHelpOptions = true,
        description = {
            "Show the disaster-recovery service's assessment (GET /api/assess): the overall"
                    + " status (healthy, degraded, critical), each part checked (postgresql, redis,"
                    + " application, storage, backups, suite) with its status, latency and what was found,"
                    + " the scenarios that need recovering, and recommendations.",
            "The service assesses periodically (BACKUP_DR_ASSESS_INTERVAL) and answers the newest"
                    + " assessment; --fresh has it assess now. --json prints the guide's JSON.",
            "",
            "  textloom-backup assess",
            "  textloom-backup assess --fresh --json"
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:healthy or degraded",
            "1:the service is unreachable or answered an error",
            "2:bad usage (unknown option)",
            "3:critical: something needs recovering (see the scenarios and recommendations printed)"
        },
        footerHeading = Scenarios.HEADING,
        footer = {Scenarios.DATABASE, Scenarios.REDIS, Scenarios.APPLICATION, Scenarios.STORAGE, Scenarios.FULL})
public final class AssessCommand extends RecoveryCommand {

    @Option(
            names = "--fresh",
            description = "Assess now instead of answering the newest periodic"
                    + " assessment (takes as long as the slowest check).")
    boolean fresh;

    AssessCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run(RestClient service) throws RestException {
        JsonNode a = service.get("/api/assess" + (fresh ? "?fresh=true" : ""));
        String overall = text(a, "overall_status", "?");
        if (json) {
            printJson(a);
        } else {
            print(a, overall);
        }
        return overall.equals("critical") ? ExitCodes.CRITICAL : ExitCodes.OK;
    }

    private void print(JsonNode a, String overall) {
        out().println("overall: " + (overall.equals("healthy") ? overall : overall.toUpperCase(Locale.ROOT))
                + "  (assessed " + text(a, "assessed_at", "?") + ")");
        out().printf(Locale.ROOT, "  %-12s %-9s %9s  %s%n", "part", "status", "latency", "detail");
        for (JsonNode s : a.path("services")) {
            out().printf(
                            Locale.ROOT,
                            "  %-12s %-9s %9s  %s%n",
                            text(s, "name", "?"),
                            text(s, "status", "?"),
                            s.has("latency_ms") ? s.get("latency_ms").asLong() + " ms" : "",
                            text(s, "detail", ""));
        }
        JsonNode failures = a.path("failures");
        if (failures.size() > 0) {
            out().println("needs recovering:");
            for (JsonNode f : failures) {
                out().println("  " + f.asText() + ": see the plan with 'textloom-backup recover --scenario "
                        + f.asText() + " --dry-run'");
            }
        }
        JsonNode recommendations = a.path("recommendations");
        if (recommendations.size() > 0) {
            out().println("recommendations:");
            recommendations.forEach(r -> out().println("  - " + r.asText()));
        }
    }
}
