package com.textloom.backup.repository;

import java.time.Instant;

/**
 * A key slot of the repository, as listed by {@link Repository#keys()}. Never contains secret
 * material.
 *
 * @param id the slot id ({@code keys/<id>})
 * @param kind {@code key} (BACKUP_ENCRYPTION_KEY), {@code passphrase} or {@code none}
 *     (encryption disabled)
 * @param created when the slot was added
 * @param host host that added it
 * @param label free text given when adding
 * @param current whether this slot opened the repository now
 */
public record KeyInfo(String id, String kind, Instant created, String host, String label, boolean current) {}
