package com.textloom.backup.manager.storage;

import com.textloom.backup.events.EventJson;
import com.textloom.backup.manager.config.ManagerSettings;
import com.textloom.backup.repository.storage.location.RepositoryLocation;
import com.textloom.backup.support.files.PrivateFiles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Which repository the manager backs up to and restores from: the configured one ({@code BACKUP_REPOSITORY}, else
 * {@code BACKUP_LOCAL_DIR}, "the primary") or, after disaster recovery's storage_failure switched it, one of its
 * configured remotes.
 *
 * <p>Guarantees: a switch is on disk ({@code <BACKUP_STATE_DIR>/storage.json}, 0600, written atomically and
 * durably) before it is reported, so a restarted manager keeps using the remote and never re-initialises a lost
 * local repository behind it. A state file that cannot be read stops every use of the repository with the reason
 * (going back to the primary silently could write into a lost one). Only a remote the manager is configured with can
 * be switched to. Thread-safe.
 */
@ApplicationScoped
public class StorageSelection {
    private static final Logger LOG = Logger.getLogger(StorageSelection.class);
    /** The state file in {@code BACKUP_STATE_DIR}. */
    public static final String FILE = "storage.json";

    private static final int HANDLED_KEPT = 200;

    @Inject
    ManagerSettings settings;

    private StorageState state;

    /** The repository URI in use now. */
    public String activeUri() {
        String remote = state().remote();
        return remote != null ? remote : settings.repositoryUri();
    }

    /** True while a remote is used instead of the configured repository. */
    public boolean switched() {
        return state().remote() != null;
    }

    /** The configured repository, shown without credentials. */
    public String primaryShown() {
        return shown(settings.repositoryUri());
    }

    /** The repository in use, shown without credentials. */
    public String activeShown() {
        return shown(activeUri());
    }

    /** {@code uri} as users see it: the repository library's location, without credentials. */
    public String shown(String uri) {
        try {
            return RepositoryLocation.parse(uri, settings.environment()).toString();
        } catch (RuntimeException e) {
            return uri;
        }
    }

    /**
     * The configured remote shown as {@code name} (or given as that URI), empty when the manager has no such remote.
     * {@code local} is never a remote: it names the configured repository.
     */
    public Optional<String> remoteNamed(String name) {
        for (String uri : settings.remotes()) {
            if (uri.equals(name) || shown(uri).equals(name)) {
                return Optional.of(uri);
            }
        }
        return Optional.empty();
    }

    /** The URI a restore {@code source} names: {@code local} = the configured repository, else a configured remote. */
    public Optional<String> sourceUri(String source) {
        if ("local".equals(source) || shown(settings.repositoryUri()).equals(source)) {
            return Optional.of(settings.repositoryUri());
        }
        return remoteNamed(source);
    }

    /** Whether switch request {@code requestId} was served before. */
    public synchronized boolean handled(String requestId) {
        return state().handled().contains(requestId);
    }

    /** Records that the manager uses {@code remoteUri} (null: the configured repository) from now on, durably. */
    synchronized void use(String remoteUri, String requestId, String correlationId, String requestedBy)
            throws IOException {
        StorageState s = state();
        write(new StorageState(remoteUri, Instant.now(), requestId, correlationId, requestedBy, s.handled()));
        LOG.warnf(
                "backups and restores now use %s%s (request %s by %s)",
                shown(activeUri()),
                remoteUri == null ? ", the configured repository" : " instead of the configured " + primaryShown(),
                requestId,
                requestedBy);
    }

    /** Records request {@code requestId} as served (kept with the last few hundred). */
    synchronized void remember(String requestId) throws IOException {
        StorageState s = state();
        List<String> handled = new ArrayList<>(s.handled());
        handled.add(requestId);
        while (handled.size() > HANDLED_KEPT) {
            handled.remove(0);
        }
        write(new StorageState(s.remote(), s.since(), s.requestId(), s.correlationId(), s.requestedBy(), handled));
    }

    /** What {@code GET /api/status} shows under {@code storage}. */
    public synchronized Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        try {
            StorageState s = state();
            m.put("active", activeShown());
            m.put("primary", primaryShown());
            m.put("switched", s.remote() != null);
            if (s.since() != null) {
                m.put("since", s.since().toString());
                m.put("request_id", s.requestId());
                if (s.correlationId() != null) {
                    m.put("recovery_id", s.correlationId());
                }
            }
        } catch (RuntimeException e) {
            m.put("error", e.getMessage());
        }
        return m;
    }

    /** A standby that takes over reads the switch state again: the previous active manager may have switched. */
    synchronized void activated(
            @jakarta.enterprise.event.Observes
                    @jakarta.annotation.Priority(jakarta.interceptor.Interceptor.Priority.PLATFORM_BEFORE + 5)
                    com.textloom.backup.manager.ha.ManagerActivated event) {
        state = null;
    }

    private Path file() {
        return settings.stateDir().resolve(FILE);
    }

    private synchronized StorageState state() {
        if (state == null) {
            Path f = file();
            if (!Files.exists(f)) {
                state = StorageState.initial();
            } else {
                try {
                    state = EventJson.mapper().readValue(f.toFile(), StorageState.class);
                } catch (IOException e) {
                    throw new IllegalStateException(
                            "the manager's storage state " + f + " cannot be read (" + e.getMessage()
                                    + "): it says whether backups go to a remote after a storage failure; fix or remove it",
                            e);
                }
                if (state.remote() != null) {
                    LOG.warnf(
                            "backups and restores use the remote %s instead of the configured repository %s (switched"
                                    + " %s by request %s); disaster recovery's storage_failure switches back",
                            shown(state.remote()), primaryShown(), state.since(), state.requestId());
                }
            }
        }
        return state;
    }

    private void write(StorageState next) throws IOException {
        PrivateFiles.directory(settings.stateDir());
        try {
            PrivateFiles.writeAtomically(file(), EventJson.mapper().writeValueAsBytes(next));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        state = next;
    }
}
