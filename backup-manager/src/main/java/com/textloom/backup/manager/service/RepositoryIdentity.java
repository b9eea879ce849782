package com.textloom.backup.manager.service;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.textloom.backup.events.EventJson;
import com.textloom.backup.support.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Which repository this manager backs up into: the id of its repository ({@code config}'s {@code id}, FORMAT.md
 * §2.1), remembered in {@code <BACKUP_STATE_DIR>/repository.json} once the manager has initialised or first opened
 * it. A remote copy is a replica with the same id, so the id names the repository wherever it is read.
 *
 * <p>Guarantees: the file is written atomically and durably, 0600 in a 0700 directory (it holds no secret: an id,
 * where it was, when); it is read afresh at every call (a standby that takes over sees what the previous active
 * manager recorded); a file that cannot be read is an error naming it, never taken as "no repository known" (that
 * would let a lost repository be initialised anew).
 */
public final class RepositoryIdentity {
    /** The state file in {@code BACKUP_STATE_DIR}. */
    public static final String FILE = "repository.json";

    private final Path file;

    public RepositoryIdentity(Path stateDir) {
        this.file = stateDir.resolve(FILE);
    }

    /**
     * What {@code repository.json} holds.
     *
     * @param repositoryId the repository's id (64 hex)
     * @param location     where it was when recorded, as shown to users (no credentials)
     * @param recordedAt   when it was recorded
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Remembered(String repositoryId, String location, Instant recordedAt) {
        /** The first 8 characters of the id, as logs and messages show it. */
        public String shortId() {
            return repositoryId.substring(0, Math.min(8, repositoryId.length()));
        }
    }

    /** The repository remembered, empty when none was ever used from this state directory. */
    public Optional<Remembered> read() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            Remembered r = EventJson.mapper().readValue(file.toFile(), Remembered.class);
            if (r.repositoryId() == null || r.repositoryId().isBlank()) {
                throw new IOException("no repository_id in it");
            }
            return Optional.of(r);
        } catch (IOException e) {
            throw new IOException(
                    "the manager's record of its repository " + file + " cannot be read (" + e.getMessage()
                            + "): it says which repository the backups belong to; restore it from a copy of the state directory,"
                            + " or remove it to accept the repository now configured",
                    e);
        }
    }

    /** Records {@code repositoryId} (found at {@code location}) as the manager's repository, replacing any other. */
    public Remembered remember(String repositoryId, String location) throws IOException {
        Remembered r = new Remembered(repositoryId, location, Instant.now());
        PrivateFiles.directory(file.getParent());
        PrivateFiles.writeAtomically(file, EventJson.mapper().writeValueAsBytes(r));
        return r;
    }

    /** Forgets the remembered repository: the next open accepts what it finds, or initialises an empty store. */
    public void forget() throws IOException {
        Files.deleteIfExists(file);
    }

    /** The file, for messages. */
    public Path file() {
        return file;
    }
}
