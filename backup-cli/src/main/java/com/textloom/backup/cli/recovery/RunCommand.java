package com.textloom.backup.cli.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.textloom.backup.cli.CliContext;
import com.textloom.backup.cli.ExitCodes;
import com.textloom.backup.cli.rest.RestClient;
import com.textloom.backup.cli.rest.RestException;
import com.textloom.backup.cli.rest.StatusLine;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * What {@code recover} and {@code drill} share: a scenario, and a run of it that the
 * disaster-recovery service executes and the command follows to its end ({@link RunFollower}).
 */
abstract class RunCommand extends RecoveryCommand {

    @Option(
            names = "--scenario",
            required = true,
            paramLabel = "SCENARIO",
            description = "database_failure, redis_failure, application_failure, storage_failure or"
                    + " full_disaster (below).")
    String scenario;

    RunCommand(CliContext ctx) {
        super(ctx);
    }

    /**
     * Starts a recovery or drill ({@code POST} of {@code body}), follows it to its end printing it as
     * it goes (with {@code --json}: only its final state), and returns the exit code:
     * {@link ExitCodes#OK} when it ended {@code success}, {@link ExitCodes#FAILED} otherwise.
     */
    int startAndFollow(RestClient service, RunFollower.Kind kind, Map<String, Object> body) throws RestException {
        JsonNode accepted = service.post(kind.collection, body);
        RunFollower follower = new RunFollower(kind, service, out(), new StatusLine(ctx.err(), drawProgress()), !json);
        JsonNode done = follower.follow(accepted, waitLimit());
        if (json) {
            printJson(done);
        } else {
            follower.printOutcome(done);
            printResult(done, service);
        }
        return "success".equals(text(done, "status", "")) ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** Lines printed after a finished run's outcome; none unless a command adds them. */
    void printResult(JsonNode run, RestClient service) {}
}
