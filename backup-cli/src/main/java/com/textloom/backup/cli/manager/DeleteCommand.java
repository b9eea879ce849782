package com.textloom.backup.cli.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.textloom.backup.cli.CliContext;
import com.textloom.backup.cli.ExitCodes;
import com.textloom.backup.cli.rest.RestClient;
import com.textloom.backup.cli.rest.RestException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code delete}: removes one backup from the manager's repository. */
@Command(
        name = "delete",
        mixinStandardHelpOptions = true,
        description = {
            "Delete one backup (DELETE /api/backups/{id}). Its data is freed by the next" + " cleanup (prune).",
            "",
            "  textloom-backup delete --backup-id 20250820_120000"
        })
public final class DeleteCommand extends ManagerCommand {

    @Option(names = "--backup-id", required = true, paramLabel = "ID", description = "The backup.")
    String backupId;

    DeleteCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected int run(RestClient manager) throws RestException {
        JsonNode answer = manager.delete("/api/backups/" + RestClient.encode(backupId));
        if (json) {
            printJson(answer);
        } else {
            out().println("deleted backup " + backupId);
        }
        return ExitCodes.OK;
    }
}
