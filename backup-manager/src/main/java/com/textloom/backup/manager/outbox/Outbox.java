package com.textloom.backup.manager.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.textloom.backup.events.EventCodec;
import com.textloom.backup.events.EventJson;
import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.support.files.PrivateFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The manager's outbox: events that must reach the broker (the completion of a backup, restore, verify or
 * retention), kept on disk until the broker has acknowledged them.
 *
 * <p>Guarantees: {@link #add} returns only once the entry is on disk (a 0600 file in a 0700 directory, written
 * to a temporary file, forced, renamed, directory forced: {@link PrivateFiles#writeAtomically}); so an event added
 * before a crash or a stop is still there after the restart. Entries come back oldest first ({@link #oldest});
 * each keeps the id it was given when added, which the sender uses as the CloudEvents {@code ce_id} of every
 * attempt, so a consumer can tell a re-send after a crash from a new event. {@link #remove} deletes an entry
 * durably. The outbox is bounded: at most {@code capacity} entries; adding to a full outbox drops the oldest
 * entry, logged as an error naming it (an outage long enough to fill it needs a person anyway). An entry that
 * cannot be read is moved aside ({@code .unreadable}) with an error, never sent and never blocking the others.
 * Thread-safe.
 */
public final class Outbox {
    private static final Logger LOG = Logger.getLogger(Outbox.class);
    private static final EventCodec CODEC = new EventCodec();
    private static final String SUFFIX = ".json";
    private static final Pattern NAME = Pattern.compile("\\d{20}-[0-9a-f-]{36}\\.json");

    private final Path dir;
    private final int capacity;
    private final TreeSet<String> names = new TreeSet<>();
    private long sequence;

    /** One event waiting for the broker's acknowledgement. */
    public record Entry(String id, String name, SuiteEvent event) {}

    private Outbox(Path dir, int capacity) {
        this.dir = dir;
        this.capacity = capacity;
    }

    /**
     * Opens (creating it 0700 if missing) the outbox in {@code dir}: the entries a previous process left are
     * there to send; temporary files of an interrupted write are removed.
     *
     * @throws IOException when the directory cannot be created, made private or listed
     */
    public static Outbox open(Path dir, int capacity) throws IOException {
        if (capacity < 1) {
            throw new IllegalArgumentException("outbox capacity must be at least 1: " + capacity);
        }
        PrivateFiles.directory(dir);
        Outbox outbox = new Outbox(dir, capacity);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (PrivateFiles.isTemporary(f)) {
                    Files.deleteIfExists(f);
                } else if (NAME.matcher(name).matches()) {
                    outbox.names.add(name);
                }
            }
        }
        if (!outbox.names.isEmpty()) {
            outbox.sequence = Long.parseLong(outbox.names.last().substring(0, 20));
            LOG.infof("outbox %s: %d event(s) not yet acknowledged by the broker, sent now", dir, outbox.names.size());
        }
        return outbox;
    }

    /** The directory of the entries. */
    public Path directory() {
        return dir;
    }

    /** How many entries wait. */
    public synchronized int size() {
        return names.size();
    }

    /**
     * Adds {@code event} durably (see the class guarantees); returns its entry.
     *
     * @throws IOException when it cannot be written: the event is then not kept
     */
    public synchronized Entry add(SuiteEvent event) throws IOException {
        String id = UUID.randomUUID().toString();
        ObjectNode json = EventJson.mapper().createObjectNode();
        json.put("id", id);
        json.put("type", EventTypes.typeOf(event));
        json.set("event", EventJson.mapper().readTree(CODEC.encode(event)));
        sequence = Math.max(sequence + 1, System.currentTimeMillis() * 1000);
        String name = String.format("%020d-%s%s", sequence, id, SUFFIX);
        PrivateFiles.writeAtomically(dir.resolve(name), EventJson.mapper().writeValueAsBytes(json));
        names.add(name);
        while (names.size() > capacity) {
            String dropped = names.first();
            LOG.errorf(
                    "outbox %s is full (%d events): the oldest event, %s, is dropped without being sent",
                    dir, capacity, dropped);
            delete(dropped);
        }
        return new Entry(id, name, event);
    }

    /** The oldest readable entry, if any (unreadable ones met on the way are moved aside). */
    public synchronized Optional<Entry> oldest() {
        while (!names.isEmpty()) {
            String name = names.first();
            try {
                JsonNode json = EventJson.mapper().readTree(Files.readAllBytes(dir.resolve(name)));
                SuiteEvent event = CODEC.decode(
                        json.path("type").asText(), EventJson.mapper().writeValueAsBytes(json.path("event")));
                return Optional.of(new Entry(json.path("id").asText(), name, event));
            } catch (Exception e) {
                LOG.errorf(
                        "outbox entry %s cannot be read (%s): moved aside as %s.unreadable, not sent",
                        name, e.getMessage(), name);
                names.remove(name);
                try {
                    Files.move(dir.resolve(name), dir.resolve(name + ".unreadable"));
                } catch (IOException moveFailed) {
                    LOG.errorf("cannot move %s aside: %s", name, moveFailed.getMessage());
                }
            }
        }
        return Optional.empty();
    }

    /** Every entry's name, oldest first. */
    public synchronized List<String> names() {
        return new ArrayList<>(names);
    }

    /** Removes {@code entry} (the broker acknowledged it) durably. */
    public synchronized void remove(Entry entry) throws IOException {
        delete(entry.name());
    }

    private void delete(String name) throws IOException {
        Files.deleteIfExists(dir.resolve(name));
        names.remove(name);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
