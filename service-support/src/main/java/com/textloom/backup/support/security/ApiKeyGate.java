package com.textloom.backup.support.security;

import com.textloom.backup.support.config.BackupConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;

/**
 * The service's {@link ApiKeys}, built once from {@code BACKUP_API_KEYS} and {@code BACKUP_API_KEY} when
 * first used (at run time, after configuration is checked).
 */
@ApplicationScoped
public class ApiKeyGate {

    private ApiKeys keys;

    @Inject
    BackupConfig config;

    /** True when mutating calls need a key. */
    public boolean required() {
        return keys().required();
    }

    /** The name of the key equal to {@code presented}, or empty; constant time. */
    public Optional<String> match(String presented) {
        return keys().match(presented);
    }

    private synchronized ApiKeys keys() {
        if (keys == null) {
            keys = ApiKeys.parse(config.apiKeys().orElse(null), config.apiKey().orElse(null));
        }
        return keys;
    }
}
