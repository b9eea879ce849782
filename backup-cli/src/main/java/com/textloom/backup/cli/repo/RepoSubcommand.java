package com.textloom.backup.cli.repo;

import com.textloom.backup.cli.CliContext;
import com.textloom.backup.cli.CliVariables;
import com.textloom.backup.cli.ExitCodes;
import com.textloom.backup.config.SuiteVariables;
import com.textloom.backup.repository.KeySource;
import com.textloom.backup.repository.Repository;
import com.textloom.backup.repository.RepositoryOptions;
import com.textloom.backup.repository.lock.LockKind;
import com.textloom.backup.repository.lock.LockOptions;
import com.textloom.backup.repository.lock.RepositoryLock;
import com.textloom.backup.repository.lock.RepositoryLocker;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.location.RepositoryLocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What every {@code repo} command shares: where the repository is, how to get its key, JSON
 * output, locking. A subclass implements {@link #run()} and returns an exit code.
 */
@Command(
        mixinStandardHelpOptions = true,
        sortOptions = false,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:could not run: bad input, backend unreachable, wrong key, repository locked"},
        footerHeading = "%nEnvironment (each variable from the environment, else from .env.backup in the"
                + " current directory or the file named by BACKUP_ENV_FILE):%n",
        footer = {
            "  BACKUP_REPOSITORY      default for --repo (else BACKUP_LOCAL_DIR)",
            "  BACKUP_ENCRYPTION_KEY  the key (url-safe base64 of 32 bytes) or a passphrase",
            "  BACKUP_ENCRYPTION_ENABLED=false  no encryption (data still authenticated)",
            "  MINIO_ACCESS_KEY, MINIO_SECRET_KEY  S3 credentials",
            "  MINIO_ENDPOINT, MINIO_SECURE, MINIO_BUCKET, MINIO_PREFIX  --repo minio",
            "  OBS_ENDPOINT, OBS_BUCKET, OBS_PREFIX, OBS_PATH_STYLE, OBS_SIGNATURE  --repo obs",
            "  OBS_ACCESS_KEY, OBS_SECRET_KEY      OBS credentials",
            "  BACKUP_PARALLEL_JOBS, BACKUP_COMPRESSION_ENABLED, BACKUP_COMPRESSION_LEVEL,",
            "  BACKUP_CHUNK_SIZE      tuning (see backup-cli/README.md)"
        })
abstract class RepoSubcommand implements Callable<Integer> {

    protected final CliContext ctx;

    @Option(
            names = "--repo",
            paramLabel = "URI",
            description = "Repository: a local path,"
                    + " s3:http://HOST:PORT/BUCKET[/PREFIX], obs:https://ENDPOINT/BUCKET[/PREFIX], or minio / obs"
                    + " for the remote copy the MINIO_* / OBS_* variables describe (where the manager copies to)."
                    + " Default: $BACKUP_REPOSITORY, else $BACKUP_LOCAL_DIR.")
    String repo;

    @Option(
            names = "--password-file",
            paramLabel = "FILE",
            description =
                    "Read the key or" + " passphrase from the first line of FILE instead of BACKUP_ENCRYPTION_KEY.")
    Path passwordFile;

    @Option(names = "--json", description = "Print machine-readable JSON on stdout.")
    boolean json;

    @Option(
            names = "--lock-wait",
            paramLabel = "SECONDS",
            defaultValue = "30",
            description = "How long to wait for a conflicting lock to go away (default: ${DEFAULT-VALUE}).")
    long lockWaitSeconds;

    RepoSubcommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public final Integer call() throws Exception {
        return run();
    }

    /** Does the command's work; returns an {@link ExitCodes exit code}. */
    protected abstract int run() throws Exception;

    /**
     * The repository location from --repo, else $BACKUP_REPOSITORY, else $BACKUP_LOCAL_DIR (the
     * manager's local repository, as the manager finds it).
     */
    protected RepositoryLocation location() {
        String uri = repo;
        for (String name : new String[] {"BACKUP_REPOSITORY", "BACKUP_LOCAL_DIR"}) {
            if (uri == null || uri.isBlank()) {
                uri = ctx.env().get(name);
            }
        }
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("no repository given: pass --repo URI or set"
                    + " BACKUP_REPOSITORY (or BACKUP_LOCAL_DIR), in the environment or .env.backup");
        }
        return RepositoryLocation.parse(CliVariables.repositoryUri(uri, ctx.env()), ctx.env());
    }

    /** Connects to the store (with retries). The caller closes it. */
    protected BlobStore openStore() throws IOException {
        return location().open();
    }

    /**
     * Tuning from the environment (BACKUP_PARALLEL_JOBS, ...), with --lock-wait: the repository
     * takes its own locks (shared for backup, restore, dump, verify; exclusive for forget and
     * prune's delete phase) and waits that long for a conflicting one.
     */
    protected RepositoryOptions options() {
        RepositoryOptions o = RepositoryOptions.fromEnvironment(ctx.env());
        return o.withLocking(o.locking(), Duration.ofSeconds(Math.max(0, lockWaitSeconds)));
    }

    /**
     * The key: --password-file, else BACKUP_ENCRYPTION_KEY (or BACKUP_ENCRYPTION_ENABLED=false),
     * else a passphrase typed on the terminal ({@code confirm}: typed twice).
     */
    protected KeySource key(boolean confirm) throws IOException {
        if (passwordFile != null) {
            return keyFromFile(passwordFile, "--password-file");
        }
        boolean enabled = SuiteVariables.bool("BACKUP_ENCRYPTION_ENABLED", ctx.env()::get);
        String value = ctx.env().get("BACKUP_ENCRYPTION_KEY");
        if (!enabled || (value != null && !value.isBlank())) {
            return KeySource.fromEnvironment(ctx.env());
        }
        char[] first = ctx.readPassphrase("Repository passphrase: ");
        if (confirm) {
            char[] again = ctx.readPassphrase("Repeat the passphrase: ");
            if (!Arrays.equals(first, again)) {
                throw new IllegalArgumentException("the passphrases do not match");
            }
        }
        return KeySource.passphrase(first);
    }

    /** A key or passphrase from the first line of a file; the message never shows the secret. */
    static KeySource keyFromFile(Path file, String option) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(option + ": no such file: " + file);
        }
        String line;
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            line = lines.findFirst().orElse("").strip();
        }
        if (line.isEmpty()) {
            throw new IllegalArgumentException(option + ": the first line of " + file + " is empty");
        }
        return KeySource.fromValue(line);
    }

    /** Opens the repository in {@code store} with the key. */
    protected Repository open(BlobStore store) throws IOException {
        return Repository.open(store, key(false), options());
    }

    /**
     * Takes a lock of {@code kind} on {@code store}, waiting up to --lock-wait, for work the
     * {@link Repository} facade does not lock itself ({@code copy}). The lease is refreshed until
     * the returned lock is closed; if it is lost, a message goes to stderr.
     */
    protected RepositoryLock lock(BlobStore store, LockKind kind) throws IOException {
        String process = "textloom-backup repo " + commandName();
        RepositoryLocker locker =
                new RepositoryLocker(store, LockOptions.defaults(options().host(), process));
        RepositoryLock lock = locker.acquire(kind, Duration.ofSeconds(Math.max(0, lockWaitSeconds)));
        lock.addListener((l, reason) ->
                ctx.err().println("textloom-backup: lost the repository lock: " + reason + "; stopping"));
        return lock;
    }

    /** The command's name ({@code backup}, {@code prune}) for lock files and messages. */
    protected String commandName() {
        Command c = getClass().getAnnotation(Command.class);
        return c == null ? getClass().getSimpleName() : c.name();
    }

    /** The snapshot named by an id, a unique prefix, or {@code latest}. */
    protected static com.textloom.backup.repository.SnapshotInfo snapshot(Repository repo, String arg)
            throws IOException {
        if (arg.equalsIgnoreCase("latest")) {
            var all = repo.snapshots();
            if (all.isEmpty()) {
                throw new IllegalArgumentException("the repository has no snapshot yet");
            }
            return all.get(all.size() - 1);
        }
        return repo.snapshot(arg);
    }
}
