package com.textloom.backup.recovery.run;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.textloom.backup.support.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Recoveries and drills kept on disk, one JSON file per run ({@code recovery-<id>.json}, {@code drill-<id>.json})
 * in {@code BACKUP_DR_STATE_DIR}, so a restart keeps every report.
 *
 * <p>Guarantees: the directory is 0700 and files 0600; every write is atomic and durable
 * ({@link PrivateFiles#writeAtomically}); at {@link #open} a run recorded as planned or running becomes failed
 * with the reason (the service stopped under it), temporary files of an interrupted write are removed, and a file
 * that cannot be read is logged and left alone. At most {@value #KEEP} finished runs of each kind are kept, the
 * oldest go first. A write that fails (disk full) is logged as an error; the run goes on and is served from memory.
 * Thread-safe.
 */
public final class RunStore {
    private static final Logger LOG = Logger.getLogger(RunStore.class);
    static final int KEEP = 500;
    private static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dir;
    private final Map<String, RunReport> byFile = new HashMap<>();

    private RunStore(Path dir) {
        this.dir = dir;
    }

    /** Opens (creating it 0700) the store in {@code dir} and reads every run back. */
    public static RunStore open(Path dir, Clock clock) throws IOException {
        RunStore store = new RunStore(PrivateFiles.directory(dir));
        store.load(clock.instant());
        return store;
    }

    public Path directory() {
        return dir;
    }

    /** Records {@code run} (new or changed), durably. */
    public synchronized void put(RunReport run) {
        String file = fileName(run);
        boolean fresh = byFile.put(file, run) == null;
        try {
            PrivateFiles.writeAtomically(dir.resolve(file), JSON.writeValueAsBytes(run));
        } catch (IOException e) {
            LOG.errorf(
                    "%s %s could not be saved in %s (%s): it is kept in memory only",
                    kind(run), run.id(), dir, e.getMessage());
        }
        if (fresh) {
            prune(run.isDrill());
        }
    }

    public synchronized Optional<RunReport> recovery(String id) {
        return Optional.ofNullable(byFile.get("recovery-" + id + ".json"));
    }

    public synchronized Optional<RunReport> drill(String id) {
        return Optional.ofNullable(byFile.get("drill-" + id + ".json"));
    }

    /** Recoveries (or drills), newest first. */
    public synchronized List<RunReport> list(boolean drills) {
        return select(r -> r.isDrill() == drills);
    }

    /** The runs matching {@code test}, newest first. */
    public synchronized List<RunReport> select(Predicate<RunReport> test) {
        List<RunReport> out =
                new ArrayList<>(byFile.values().stream().filter(test).toList());
        out.sort(Comparator.comparing(RunReport::createdAt).reversed());
        return out;
    }

    private void load(Instant now) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (PrivateFiles.isTemporary(f)) {
                    LOG.infof("removing %s, a write a stop of the service interrupted", f);
                    Files.deleteIfExists(f);
                    continue;
                }
                if (!name.endsWith(".json")) {
                    continue;
                }
                RunReport run;
                try {
                    run = JSON.readValue(f.toFile(), RunReport.class);
                } catch (IOException e) {
                    LOG.errorf("%s is not a recovery or drill report (%s): left alone", f, e.getMessage());
                    continue;
                }
                if (run.id() == null || !name.equals(fileName(run))) {
                    LOG.errorf("%s does not hold the report its name says: left alone", f);
                    continue;
                }
                byFile.put(name, run);
                if (!run.finished()) {
                    RunReport ended = run.interrupted(now);
                    LOG.warnf(
                            "%s %s was %s when the service stopped: recorded as failed",
                            kind(run), run.id(), run.status());
                    put(ended);
                }
            }
        }
    }

    private void prune(boolean drills) {
        List<RunReport> finished = select(r -> r.isDrill() == drills && r.finished());
        for (int i = KEEP; i < finished.size(); i++) {
            String file = fileName(finished.get(i));
            byFile.remove(file);
            try {
                Files.deleteIfExists(dir.resolve(file));
            } catch (IOException e) {
                LOG.warnf("cannot delete %s: %s", dir.resolve(file), e.getMessage());
            }
        }
    }

    private static String fileName(RunReport run) {
        if (!PLAIN_ID.matcher(run.id()).matches()) {
            throw new IllegalArgumentException("not a plain id: " + run.id());
        }
        return kind(run) + "-" + run.id() + ".json";
    }

    private static String kind(RunReport run) {
        return run.isDrill() ? "drill" : "recovery";
    }
}
