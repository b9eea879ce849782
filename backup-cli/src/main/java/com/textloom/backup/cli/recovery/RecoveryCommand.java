package com.textloom.backup.cli.recovery;

import com.textloom.backup.cli.CliContext;
import com.textloom.backup.cli.ExitCodes;
import com.textloom.backup.cli.rest.RestCommand;
import com.textloom.backup.cli.rest.RestException;
import com.textloom.backup.cli.rest.Service;
import picocli.CommandLine.Option;

/**
 * What {@code assess}, {@code recover} and {@code drill} share: {@link RestCommand} (URL, API key,
 * {@code --json}, {@code --timeout}, errors) for the disaster-recovery service (DR-API), and its
 * exit codes: bad usage, including a request the service refused as bad (400: unknown scenario or
 * backup), is {@link ExitCodes#USAGE}; the command line's own parse errors get the same code
 * ({@code TextloomBackup}).
 */
public abstract class RecoveryCommand extends RestCommand {

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "The disaster-recovery service (default: $BACKUP_DR_URL, else" + " http://localhost:8083).")
    String url;

    RecoveryCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    protected final Service service() {
        return Service.DISASTER_RECOVERY;
    }

    @Override
    protected final String urlOption() {
        return url;
    }

    @Override
    protected final int exitCodeOf(RestException e) {
        return e.httpStatus() == 400 ? ExitCodes.USAGE : ExitCodes.FAILED;
    }
}
