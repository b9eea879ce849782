package com.textloom.backup.cli.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.textloom.backup.cli.CliContext;
import com.textloom.backup.cli.rest.RestClient;
import com.textloom.backup.cli.rest.RestCommand;
import com.textloom.backup.cli.rest.RestException;
import com.textloom.backup.cli.rest.Service;
import picocli.CommandLine.Option;

/**
 * What every command that talks to the backup manager shares: {@link RestCommand} (URL, API key,
 * {@code --json}, {@code --timeout}, errors) for the manager, and following its operations.
 */
abstract class ManagerCommand extends RestCommand {

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "The backup manager (default: $BACKUP_MANAGER_URL, else http://localhost:8080).")
    String url;

    ManagerCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected final Service service() {
        return Service.MANAGER;
    }

    @Override
    protected final String urlOption() {
        return url;
    }

    /** Follows an operation the manager accepted until it ends, drawing progress on a terminal. */
    JsonNode await(RestClient manager, String operationId, String label) throws RestException {
        return new OperationWatcher(manager, ctx.err(), drawProgress()).await(operationId, label, waitLimit());
    }
}
