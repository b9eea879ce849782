package com.textloom.backup.cli.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.textloom.backup.cli.CliContext;
import com.textloom.backup.cli.ExitCodes;
import com.textloom.backup.cli.Sizes;
import com.textloom.backup.cli.rest.RestClient;
import com.textloom.backup.cli.rest.RestException;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cleanup}: the retention run (the scheduler's {@code cleanup}), now. */
@Command(
        name = "cleanup",
        mixinStandardHelpOptions = true,
        description = {
            "Apply the retention policy now and prune (POST /api/retention): keep the"
                    + " newest daily, weekly and monthly backups the manager's BACKUP_*_RETENTION_* say,"
                    + " delete the others, free their data, locally and on every remote (a remote that"
                    + " cannot be cleaned makes the status partial). Waits for the result.",
            "",
            "  textloom-backup cleanup --dry-run"
        })
public final class CleanupCommand extends ManagerCommand {

    @Option(names = "--dry-run", description = "Only say which backups would be deleted.")
    boolean dryRun;

    CleanupCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run(RestClient manager) throws RestException {
        JsonNode accepted = manager.post("/api/retention", Map.of("dry_run", dryRun));
        JsonNode done = await(manager, text(accepted, "operation_id", "?"), "cleanup");
        JsonNode r = done.path("result");
        if (json) {
            printJson(done);
        } else {
            out().println("cleanup" + (dryRun ? " (dry run)" : "") + ": " + text(done, "status", "?"));
            out().println("  keep:   " + r.path("kept").size() + " " + r.path("kept"));
            out().println("  " + (dryRun ? "would delete: " : "deleted: ")
                    + r.path("removed").size() + " " + r.path("removed"));
            if (!dryRun) {
                out().println("  freed:  " + Sizes.human(r.path("bytes_freed").asLong()) + " ("
                        + r.path("packs_deleted").asLong() + " packs)");
            }
            for (JsonNode remote : r.path("remotes")) {
                out().println("  remote " + text(remote, "location", "?") + ": " + text(remote, "status", "?") + ", "
                        + (dryRun ? "would delete " : "deleted ")
                        + remote.path("removed").size() + " "
                        + remote.path("removed")
                        + (dryRun
                                ? ""
                                : ", freed "
                                        + Sizes.human(remote.path("bytes_freed").asLong()))
                        + (remote.hasNonNull("error")
                                ? " (" + remote.get("error").asText() + ")"
                                : ""));
            }
            if (r.hasNonNull("error")) {
                out().println("  error:  " + r.get("error").asText());
            }
        }
        return "success".equals(text(done, "status", "")) ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
