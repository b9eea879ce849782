package com.textloom.backup.manager.service;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operations this manager instance knows of, by operation id (= request id). Kept in memory:
 * the durable record of a backup is its snapshot in the repository; operations are the live view.
 */
@ApplicationScoped
public class Operations {
    private static final int MAX = 10_000;
    private final Map<String, Operation> byId = new ConcurrentHashMap<>();

    /** Registers an operation as queued unless it is already known; returns the current one. */
    public Operation queue(String id, String kind, String backupId) {
        if (byId.size() > MAX) {
            byId.values().stream().filter(o -> !o.status().equals("queued") && !o.status().equals("running"))
                    .sorted(java.util.Comparator.comparing(Operation::updatedAt)).limit(MAX / 10)
                    .forEach(o -> byId.remove(o.operationId()));
        }
        Instant now = Instant.now();
        return byId.computeIfAbsent(id, k -> new Operation(id, kind, backupId, "queued", now, now, Map.of(), null));
    }

    public void update(String id, String status, Map<String, Object> progress, Object result) {
        byId.computeIfPresent(id, (k, o) -> o.with(status, progress, result));
    }

    public Optional<Operation> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public boolean isKnown(String id) {
        return byId.containsKey(id);
    }
}
