package com.textloom.backup.cli;

import com.textloom.backup.cli.manager.AcceptNewCommand;
import com.textloom.backup.cli.manager.BackupCommand;
import com.textloom.backup.cli.manager.CleanupCommand;
import com.textloom.backup.cli.manager.DeleteCommand;
import com.textloom.backup.cli.manager.ListCommand;
import com.textloom.backup.cli.manager.RestoreCommand;
import com.textloom.backup.cli.manager.StatusCommand;
import com.textloom.backup.cli.manager.VerifyCommand;
import com.textloom.backup.cli.recovery.AssessCommand;
import com.textloom.backup.cli.recovery.DrillCommand;
import com.textloom.backup.cli.recovery.RecoverCommand;
import com.textloom.backup.cli.recovery.RecoveryCommand;
import com.textloom.backup.cli.repo.RepoCommand;
import com.textloom.backup.repository.RepositoryLockedException;
import com.textloom.backup.repository.WrongKeyException;
import java.io.IOException;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code textloom-backup}: the guide's {@code backup_manager.py} commands over the backup manager's
 * REST API ({@code backup}, {@code list}, {@code verify}, {@code restore}, {@code delete},
 * {@code status}, {@code cleanup}), the guide's {@code disaster_recovery.py} commands over the
 * disaster-recovery service's REST API ({@code assess}, {@code recover}, {@code drill}), and the
 * break-glass {@code repo} commands that work straight on a repository with nothing but its location
 * and its key, when every service is gone.
 */
@Command(
        name = "textloom-backup",
        mixinStandardHelpOptions = true,
        version = "textloom-backup 0.1.0",
        description = {
            "TextLoom Backup command line.",
            "backup, list, verify, restore, delete, status, cleanup: the guide's backup_manager.py"
                    + " commands, asking the backup manager's REST API (--url or BACKUP_MANAGER_URL,"
                    + " default http://localhost:8080; BACKUP_API_KEY is sent as X-API-Key);"
                    + " accept-new: start over after the manager's repository was lost.",
            "assess, recover, drill: the guide's disaster_recovery.py commands, asking the"
                    + " REST API of disaster-recovery at http://localhost:8083 unless --url or"
                    + " BACKUP_DR_URL say otherwise.",
            "repo: break-glass commands working directly on a backup repository (local directory,"
                    + " MinIO/S3 or Huawei OBS) with its key, when no service runs.",
            "Variables are read from the environment, else from .env.backup in the current directory"
                    + " (or the file named by BACKUP_ENV_FILE), as the services read them.",
            "Run 'textloom-backup COMMAND --help' for each command."
        },
        subcommands = {
            BackupCommand.class,
            ListCommand.class,
            VerifyCommand.class,
            RestoreCommand.class,
            DeleteCommand.class,
            StatusCommand.class,
            CleanupCommand.class,
            AcceptNewCommand.class,
            AssessCommand.class,
            RecoverCommand.class,
            DrillCommand.class,
            RepoCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:ok (verify: no damage found)",
            "1:could not run: bad input, manager or backend unreachable, refused, wrong key,"
                    + " repository locked; the operation failed",
            "2:the operation ended partial: some components failed; assess, recover, drill: bad"
                    + " usage (unknown option, missing or unknown scenario)",
            "3:verify found damaged or missing data; restore: restored data differs from the backup;"
                    + " assess: critical"
        })
public final class TextloomBackup implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Entry point of {@code bin/textloom-backup}. */
    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.exit(execute(CliContext.system(), args));
    }

    /** Runs one command line in {@code ctx} and returns its exit code (tests call this). */
    public static int execute(CliContext ctx, String... args) {
        ctx.unknownVariables().forEach(w -> ctx.err().println("textloom-backup: warning: " + w));
        return commandLine(ctx).execute(args);
    }

    /** The picocli command line wired to {@code ctx}: streams, exit codes, error messages. */
    public static CommandLine commandLine(CliContext ctx) {
        CommandLine cl = new CommandLine(new TextloomBackup(), new ContextFactory(ctx));
        cl.setOut(new java.io.PrintWriter(ctx.out(), true));
        cl.setErr(new java.io.PrintWriter(ctx.err(), true));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("textloom-backup: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more.");
            // the disaster-recovery contract gives bad usage an exit code of its own
            return c.getCommandSpec().userObject() instanceof RecoveryCommand ? ExitCodes.USAGE : ExitCodes.FAILED;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            c.getErr().println("textloom-backup: " + ctx.withSource(describe(ex)));
            return ExitCodes.FAILED;
        });
        return cl;
    }

    /** A one-line explanation a user can act on; never a secret. */
    static String describe(Exception ex) {
        if (ex instanceof WrongKeyException) {
            return "wrong key: " + ex.getMessage();
        }
        if (ex instanceof RepositoryLockedException) {
            return ex.getMessage() + " (wait, or retry with a longer --lock-wait)";
        }
        if (ex instanceof IllegalArgumentException
                || ex instanceof IOException
                || ex instanceof java.io.UncheckedIOException) {
            return ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        }
        return ex.getClass().getSimpleName().replace("Exception", "").toLowerCase(Locale.ROOT) + " error: "
                + ex.getMessage();
    }

    /** Creates commands with the context when they take one. */
    private record ContextFactory(CliContext ctx) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                var constructor = cls.getDeclaredConstructor(CliContext.class);
                constructor.setAccessible(true);
                return constructor.newInstance(ctx);
            } catch (NoSuchMethodException plain) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }
}
