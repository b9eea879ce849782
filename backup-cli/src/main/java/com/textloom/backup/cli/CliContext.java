package com.textloom.backup.cli;

import com.textloom.backup.config.SuiteEnvironment;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command run sees of the world: variables, standard streams, and whether standard error is
 * a terminal (progress is only drawn on a terminal). Tests build their own.
 *
 * @param env every variable a command reads ({@code BACKUP_ENCRYPTION_KEY}, {@code MINIO_ACCESS_KEY},
 *     ...): for a real run the environment, then {@code .env.backup} ({@link #of})
 * @param in standard input ({@code repo backup --stdin})
 * @param out standard output: results, {@code --json}, {@code repo dump} bytes
 * @param err standard error: progress, warnings, errors
 * @param errIsTerminal whether {@code err} is a terminal
 */
public record CliContext(
        Map<String, String> env, InputStream in, PrintStream out, PrintStream err, boolean errIsTerminal) {

    /** The real process: its environment and directory, the standard streams, the launcher's tty flag. */
    public static CliContext system() {
        return of(
                System.getenv(),
                Path.of(""),
                System.in,
                System.out,
                System.err,
                Boolean.getBoolean("textloom.stderr.tty"));
    }

    /**
     * A run in {@code workingDir} with {@code environment}: each variable is looked up in the
     * environment, then in {@code .env.backup} of {@code workingDir} (or the file named by
     * {@code BACKUP_ENV_FILE}), exactly as the services read it ({@link SuiteEnvironment}); a bad value
     * fails the command (exit 1) naming the variable and the file, never showing a secret.
     */
    public static CliContext of(
            Map<String, String> environment,
            Path workingDir,
            InputStream in,
            PrintStream out,
            PrintStream err,
            boolean errIsTerminal) {
        return new CliContext(
                SuiteEnvironment.of(environment, workingDir, CliVariables.ALL), in, out, err, errIsTerminal);
    }

    /**
     * {@code message} naming where a variable it mentions is set, when that is {@code .env.backup}:
     * errors raised by the repository library name the variable, and the user must know which file
     * to fix.
     */
    public String withSource(String message) {
        return env instanceof SuiteEnvironment suite ? suite.withSource(message) : message;
    }

    /**
     * The warnings about names of the suite's form that are set (environment or {@code .env.backup})
     * but are no variable of the suite, each with the name probably meant, as the services log them at
     * start-up ({@link SuiteEnvironment#unknownVariables()}): a typo is not silently ignored. None when
     * the variables do not come from the environment and the file, or when the file cannot be read
     * (the command that reads it says why).
     */
    public java.util.List<String> unknownVariables() {
        if (!(env instanceof SuiteEnvironment suite)) {
            return java.util.List.of();
        }
        try {
            return suite.unknownVariables();
        } catch (RuntimeException unreadable) {
            return java.util.List.of();
        }
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
