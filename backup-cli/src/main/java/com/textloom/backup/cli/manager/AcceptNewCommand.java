package com.textloom.backup.cli.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.textloom.backup.cli.CliContext;
import com.textloom.backup.cli.ExitCodes;
import com.textloom.backup.cli.rest.RestClient;
import com.textloom.backup.cli.rest.RestException;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code accept-new}: the operator's explicit decision that the repository the manager backs up into is lost for
 * good (or was replaced on purpose). Guarded: nothing is sent until the id of the repository to forget is typed, or
 * {@code --force} is given; the manager checks the id again, audits the call and needs the API key.
 */
@Command(
        name = "accept-new",
        mixinStandardHelpOptions = true,
        description = {
            "Start over with a new repository after the one the manager backs up into was"
                    + " lost or replaced (POST /api/repository/accept-new). The manager forgets that repository"
                    + " for good (its backups, their history and deduplication) and from now on backs up into"
                    + " what its configured location holds: a new, empty repository when it is empty.",
            "Only when no copy can bring the old one back: try first 'repo copy --repo REMOTE --to"
                    + " LOCATION' from a remote replica, or disaster recovery's storage_failure.",
            "To confirm, type the id of the repository to forget as 'status' shows it (8 characters"
                    + " or more), or give --force. Without either, nothing is sent and the id is shown.",
            "",
            "  textloom-backup accept-new --forget-repository-id 3f2a9c1b",
            "  textloom-backup accept-new --force"
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the manager forgot the old repository and uses the one in its location",
            "1:not confirmed (neither --forget-repository-id nor --force), the id does not name the"
                    + " repository the manager used, the location cannot be accepted (data without a"
                    + " config), manager unreachable, API key missing or wrong"
        })
public final class AcceptNewCommand extends ManagerCommand {

    @Option(
            names = "--forget-repository-id",
            paramLabel = "ID",
            description = "The id of the repository to forget, as 'status' shows it (repository id).")
    String forgetId;

    @Option(names = "--force", description = "Forget the repository the manager remembers without typing its id.")
    boolean force;

    AcceptNewCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run(RestClient manager) throws RestException {
        String id = forgetId;
        if (id == null) {
            JsonNode identity = manager.get("/api/status").path("repository_identity");
            String remembered = text(identity, "id", null);
            if (!force) {
                ctx.err()
                        .println("textloom-backup: accept-new forgets the repository the manager backs up into"
                                + (remembered == null
                                        ? " (it remembers none)"
                                        : " (id " + remembered + ", " + text(identity, "state", "?") + ")")
                                + " for good; nothing was sent. To confirm, type its id: --forget-repository-id "
                                + (remembered == null ? "ID" : remembered) + ", or give --force");
                return ExitCodes.FAILED;
            }
            id = remembered;
        }
        JsonNode accepted =
                manager.post("/api/repository/accept-new", id == null ? Map.of() : Map.of("forget_repository_id", id));
        if (json) {
            printJson(accepted);
        } else {
            String forgotten = text(accepted, "forgotten_repository_id", null);
            out().println("the manager now backs up into " + text(accepted, "repository", "?") + " (repository id "
                    + shortId(text(accepted, "repository_id", "?")) + ", "
                    + accepted.path("snapshots").asInt()
                    + " snapshot(s))"
                    + (forgotten == null ? "" : "; repository " + shortId(forgotten) + " is forgotten"));
        }
        return ExitCodes.OK;
    }

    private static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }
}
