package com.textloom.backup.manager.operation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.textloom.backup.support.files.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The manager's operations kept on disk, one small JSON file per operation in one directory, so that
 * a restart keeps every operation's status and result.
 *
 * <p>Guarantees:
 * <ul>
 *   <li><b>Atomic and durable writes</b>: an operation is written to a new 0600 temporary file in the
 *       same directory, forced to disk, renamed over the previous version, and the directory is forced;
 *       a crash at any point leaves the previous or the new version, never a torn file. Temporary files
 *       a crash left behind are removed by {@link #open}.</li>
 *   <li><b>Private</b>: the directory is 0700 (made so if it exists), files are 0600.</li>
 *   <li><b>Nothing stays running after a crash</b>: {@link #open} turns every operation recorded as
 *       running into {@value Operation#INTERRUPTED}, with the reason, and writes it back. Queued
 *       operations stay queued: the manager runs those whose request it had accepted (and stored in the
 *       operation) after the restart; the others have not been received yet.</li>
 *   <li><b>Bounded</b>: finished operations older than {@code maxAge} are deleted; beyond {@code keep}
 *       finished operations the oldest go, {@value Operation#IGNORED} ones first (so that a flood of
 *       replayed requests does not push out the real history). Queued and running ones are never
 *       dropped. Memory holds only the kept operations.</li>
 *   <li>A file that cannot be read (not JSON, not an operation) is logged and deleted at {@link #open}.</li>
 * </ul>
 * A write that fails (disk full) is logged as an error and the operation is kept in memory only; the
 * work it describes goes on ({@link #putDurably} throws instead, for the acceptance of a request, which
 * must be on disk before the request is acknowledged). Thread-safe.
 */
public final class OperationStore {
    private static final Logger LOG = Logger.getLogger(OperationStore.class);
    private static final String SUFFIX = ".json";
    private static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dir;
    private final int keep;
    private final Duration maxAge;
    private final Clock clock;
    private final Map<String, Operation> byId = new HashMap<>();

    private OperationStore(Path dir, int keep, Duration maxAge, Clock clock) {
        this.dir = dir;
        this.keep = keep;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /**
     * Opens (creating it 0700 if missing) the store in {@code dir}, reads every operation, marks the
     * running ones interrupted and applies the bounds.
     *
     * @param keep   the most finished operations kept
     * @param maxAge how long a finished operation is kept after its last change
     * @throws IOException when the directory cannot be created, made private or listed
     */
    public static OperationStore open(Path dir, int keep, Duration maxAge, Clock clock) throws IOException {
        PrivateFiles.directory(dir);
        OperationStore store = new OperationStore(dir, keep, maxAge, clock);
        store.load();
        return store;
    }

    /** The directory of the operation files. */
    public Path directory() {
        return dir;
    }

    /** The operation of this id, if it is kept. */
    public synchronized Optional<Operation> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Every operation kept, in no order. */
    public synchronized List<Operation> all() {
        return List.copyOf(byId.values());
    }

    /** How many operations are kept. */
    public synchronized int size() {
        return byId.size();
    }

    /** Records {@code op} (new or changed), durably; a new one may make the oldest finished ones go. */
    public synchronized void put(Operation op) {
        boolean fresh = byId.put(op.operationId(), op) == null;
        try {
            write(op);
        } catch (IOException e) {
            LOG.errorf(
                    "operation %s could not be saved in %s (%s): it is kept in memory only",
                    op.operationId(), dir, e.getMessage());
        }
        if (fresh) {
            prune();
        }
    }

    /**
     * As {@link #put}, but all or nothing: when the write fails it is thrown and the store keeps what it had
     * for this id. For a record something else waits on (a request is acknowledged to the broker only once
     * its acceptance is on disk).
     */
    public synchronized void putDurably(Operation op) throws IOException {
        write(op);
        if (byId.put(op.operationId(), op) == null) {
            prune();
        }
    }

    private void load() throws IOException {
        Instant now = clock.instant();
        int interrupted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (PrivateFiles.isTemporary(f)) {
                    LOG.infof("removing %s, a write a stop of the manager interrupted", f);
                    Files.deleteIfExists(f);
                } else if (name.endsWith(SUFFIX)) {
                    Operation op = read(f);
                    if (op == null) {
                        continue;
                    }
                    if (Operation.RUNNING.equals(op.status())) {
                        op = op.ended(
                                Operation.INTERRUPTED,
                                "the manager stopped while this " + op.kind() + " was running (last update "
                                        + op.updatedAt() + "); its outcome is unknown",
                                now);
                        try {
                            write(op);
                        } catch (IOException e) {
                            LOG.errorf(
                                    "operation %s could not be saved in %s (%s): it is kept in memory only",
                                    op.operationId(), dir, e.getMessage());
                        }
                        interrupted++;
                    }
                    byId.put(op.operationId(), op);
                }
            }
        }
        prune();
        LOG.infof("operations: %d kept in %s (%d interrupted by the last stop)", byId.size(), dir, interrupted);
    }

    private Operation read(Path f) {
        try {
            Operation op = JSON.readValue(f.toFile(), Operation.class);
            if (op.operationId() == null
                    || op.status() == null
                    || op.updatedAt() == null
                    || !f.getFileName().toString().equals(fileName(op.operationId()))) {
                throw new IOException("not an operation record");
            }
            return op;
        } catch (IOException e) {
            LOG.warnf("deleting %s: it cannot be read as an operation (%s)", f, e.getMessage());
            try {
                Files.deleteIfExists(f);
            } catch (IOException d) {
                LOG.warnf("cannot delete %s: %s", f, d.getMessage());
            }
            return null;
        }
    }

    private void write(Operation op) throws IOException {
        PrivateFiles.writeAtomically(dir.resolve(fileName(op.operationId())), JSON.writeValueAsBytes(op));
    }

    /** Deletes finished operations beyond the age limit, then the oldest beyond the count limit. */
    private void prune() {
        Instant oldest = clock.instant().minus(maxAge);
        List<Operation> expired = new ArrayList<>();
        List<Operation> finished = new ArrayList<>();
        for (Operation op : byId.values()) {
            if (!op.active()) {
                (op.updatedAt().isBefore(oldest) ? expired : finished).add(op);
            }
        }
        expired.forEach(this::delete);
        if (finished.size() > keep) {
            finished.sort(Comparator.comparing((Operation op) -> !Operation.IGNORED.equals(op.status()))
                    .thenComparing(Operation::updatedAt));
            finished.subList(0, finished.size() - keep).forEach(this::delete);
        }
    }

    private void delete(Operation op) {
        byId.remove(op.operationId());
        try {
            Files.deleteIfExists(dir.resolve(fileName(op.operationId())));
        } catch (NoSuchFileException ignored) {
            // already gone
        } catch (IOException e) {
            LOG.warnf("cannot delete the record of operation %s: %s", op.operationId(), e.getMessage());
        }
    }

    /** The file of an operation: its id when that is a plain name, else a digest of it. */
    static String fileName(String id) {
        if (PLAIN_ID.matcher(id).matches()) {
            return id + SUFFIX;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + HexFormat.of().formatHex(d) + SUFFIX;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
