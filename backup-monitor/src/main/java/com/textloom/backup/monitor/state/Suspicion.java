package com.textloom.backup.monitor.state;

import java.time.Instant;

/**
 * A successful component backup that looks wrong: empty, or far smaller than the previous successful one
 * of the same repository and component.
 *
 * @param repository repository
 * @param component  component
 * @param backupId   the suspicious backup
 * @param at         when it completed
 * @param reason     human explanation with the figures
 */
public record Suspicion(String repository, String component, String backupId, Instant at, String reason) {}
