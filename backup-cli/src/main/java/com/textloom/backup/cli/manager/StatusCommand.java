package com.textloom.backup.cli.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.textloom.backup.cli.CliContext;
import com.textloom.backup.cli.ExitCodes;
import com.textloom.backup.cli.rest.RestClient;
import com.textloom.backup.cli.rest.RestException;
import picocli.CommandLine.Command;

/** {@code status}: the manager's own status answer. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Show the backup manager's status (GET /api/status): its repository, how many"
                    + " backups it holds, the last one, its remotes.",
            "",
            "  textloom-backup status"
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the manager answers and its repository is readable",
            "1:manager unreachable, or its repository unavailable (status degraded)"
        })
public final class StatusCommand extends ManagerCommand {

    StatusCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run(RestClient manager) throws RestException {
        JsonNode s = manager.get("/api/status");
        String status = text(s, "status", "?");
        if (json) {
            printJson(s);
        } else {
            out().println("backup manager at " + manager.url() + ": " + status);
            out().println("  repository: " + text(s, "repository", "?") + " (name " + text(s, "repository_name", "?")
                    + ")");
            out().println("  components: " + s.path("components"));
            out().println("  remotes:    " + s.path("remotes").asInt());
            if (s.has("backups")) {
                out().println("  backups:    " + s.get("backups").asInt());
            }
            JsonNode last = s.path("last_backup");
            if (last.isObject()) {
                out().println("  last:       " + text(last, "backup_id", "?") + " " + text(last, "status", "?") + " at "
                        + text(last, "time", "?"));
            }
            if (s.hasNonNull("error")) {
                out().println("  error:      " + s.get("error").asText());
            }
        }
        return "ok".equals(status) ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
