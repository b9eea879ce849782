package com.textloom.backup.cli.manager;

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
 * What every command that talks to the backup manager shares: where the manager is, the API key,
 * {@code --json}, {@code --timeout}, and how failures become exit codes. A subclass implements
 * {@link #run(ManagerClient)} and returns its exit code.
 */
abstract class ManagerCommand implements Callable<Integer> {
  /** BACKUP_MANAGER_URL's default in suite-config's catalogue (a constant for the help text; a test compares). */
  static final String DEFAULT_URL = "http://localhost:8080";

  @Option(names = "--url", paramLabel = "URL",
      description = "The backup manager (default: $BACKUP_MANAGER_URL, else " + DEFAULT_URL + ").")
  String url;

  @Option(names = "--json",
      description = "Print one JSON document on stdout (snake_case, as the manager answers).")
  boolean json;

  @Option(names = "--timeout", paramLabel = "SECONDS",
      description = "Waiting: give up after this many seconds with exit 1; the operation goes on"
          + " in the manager (default: no limit).")
  long timeoutSeconds;

  final CliContext ctx;

  ManagerCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  /** Runs the command against the manager; returns the exit code. */
  abstract int run(ManagerClient manager) throws ManagerException, IOException;

  @Override
  public final Integer call() throws IOException {
    String base = url != null ? url : ctx.env().getOrDefault("BACKUP_MANAGER_URL", DEFAULT_URL);
    if (base.isBlank()) {
      base = DEFAULT_URL;
    }
    ManagerClient manager = new ManagerClient(base,
        ManagerClient.keyFromSetting(ctx.env().get("BACKUP_API_KEY")));
    try {
      return run(manager);
    } catch (ManagerException e) {
      ctx.err().println("textloom-backup: " + e.getMessage());
      return ExitCodes.FAILED;
    } catch (OperationWatcher.TimedOut e) {
      ctx.err().println("textloom-backup: " + e.getMessage());
      return ExitCodes.FAILED;
    }
  }

  /** Follows an operation the manager accepted until it ends, drawing progress on a terminal. */
  JsonNode await(ManagerClient manager, String operationId, String label) throws ManagerException {
    Duration limit = timeoutSeconds > 0 ? Duration.ofSeconds(timeoutSeconds) : null;
    return new OperationWatcher(manager, ctx.err(), ctx.errIsTerminal() && !json)
        .await(operationId, label, limit);
  }

  PrintStream out() {
    return ctx.out();
  }

  /** Prints {@code node} as the one JSON document of the run. */
  void printJson(JsonNode node) {
    try {
      out().println(ManagerClient.JSON.writer().with(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(node));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A field's text, or {@code dflt} when absent or null. */
  static String text(JsonNode node, String field, String dflt) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || v.isNull() ? dflt : v.asText();
  }
}
