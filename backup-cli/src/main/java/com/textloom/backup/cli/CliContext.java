package com.textloom.backup.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * What a command run sees of the world: environment variables, standard streams, and whether
 * standard error is a terminal (progress is only drawn on a terminal). Tests build their own.
 *
 * @param env the environment ({@code BACKUP_ENCRYPTION_KEY}, {@code MINIO_ACCESS_KEY}, ...)
 * @param in standard input ({@code repo backup --stdin})
 * @param out standard output: results, {@code --json}, {@code repo dump} bytes
 * @param err standard error: progress, warnings, errors
 * @param errIsTerminal whether {@code err} is a terminal
 */
public record CliContext(Map<String, String> env, InputStream in, PrintStream out, PrintStream err,
    boolean errIsTerminal) {

  /** The real process: {@code System.getenv()}, the standard streams, and the launcher's tty flag. */
  public static CliContext system() {
    return new CliContext(System.getenv(), System.in, System.out, System.err,
        Boolean.getBoolean("textloom.stderr.tty"));
  }

  /**
   * Asks for a passphrase on the terminal, without echo.
   *
   * @throws IllegalArgumentException when there is no terminal to ask on
   */
  public char[] readPassphrase(String prompt) {
    java.io.Console console = System.console();
    if (console != null) {
      return console.readPassword("%s", prompt);
    }
    throw new IllegalArgumentException("no key given: set BACKUP_ENCRYPTION_KEY, or pass"
        + " --password-file FILE, or run on a terminal to be asked for a passphrase");
  }
}
