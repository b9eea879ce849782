package com.textloom.backup.cli.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.textloom.backup.cli.CliContext;
import com.textloom.backup.cli.ExitCodes;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;

/**
 * What every command that talks to a service's REST API shares: where the service is
 * ({@code --url}, else its variable, else its default), the API key from {@code BACKUP_API_KEY},
 * {@code --json}, {@code --timeout}, and how failures become messages and exit codes. A subclass
 * names its {@link #service()}, declares {@code --url} with a description naming that service, and
 * implements {@link #run(RestClient)}, returning its exit code.
 */
public abstract class RestCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print one JSON document on stdout (snake_case, as the service answers).")
    protected boolean json;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            description = "Waiting: give up after this many seconds with exit 1; the work goes on"
                    + " in the service (default: no limit).")
    protected long timeoutSeconds;

    protected final CliContext ctx;

    protected RestCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    /** The service this command asks. */
    protected abstract Service service();

    /** The {@code --url} given on the command line, or {@code null}. */
    protected abstract String urlOption();

    /** Runs the command against the service; returns the exit code. */
    protected abstract int run(RestClient client) throws RestException, IOException;

    /**
     * The exit code of a run the service refused or could not be asked for: {@link ExitCodes#FAILED}
     * unless a command says otherwise.
     */
    protected int exitCodeOf(RestException e) {
        return ExitCodes.FAILED;
    }

    @Override
    public final Integer call() throws IOException {
        Service service = service();
        String base =
                urlOption() != null ? urlOption() : ctx.env().getOrDefault(service.variable(), service.defaultUrl());
        if (base.isBlank()) {
            base = service.defaultUrl();
        }
        String key = RestClient.keyFromSetting(ctx.env().get("BACKUP_API_KEY"));
        RestClient client =
                base.contains(",") ? RestClient.active(service, base, key) : new RestClient(service, base, key);
        try {
            return run(client);
        } catch (RestException e) {
            ctx.err().println("textloom-backup: " + e.getMessage());
            return exitCodeOf(e);
        } catch (Poller.TimedOut e) {
            ctx.err().println("textloom-backup: " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }

    /** How long a wait may last: {@code --timeout}, or {@code null} for no limit. */
    protected Duration waitLimit() {
        return timeoutSeconds > 0 ? Duration.ofSeconds(timeoutSeconds) : null;
    }

    /** Whether progress is drawn: standard error is a terminal and stdout is not one JSON document. */
    protected boolean drawProgress() {
        return ctx.errIsTerminal() && !json;
    }

    protected PrintStream out() {
        return ctx.out();
    }

    /** Prints {@code node} as the one JSON document of the run. */
    protected void printJson(JsonNode node) {
        try {
            out().println(RestClient.JSON
                    .writer()
                    .with(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(node));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A field's text, or {@code dflt} when absent or null. */
    public static String text(JsonNode node, String field, String dflt) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? dflt : v.asText();
    }
}
