package com.textloom.backup.support.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Whether the REST API demands a key at all ({@code BACKUP_API_AUTH}). The keys themselves are
 * {@code BACKUP_API_KEY} ({@link com.textloom.backup.support.config.BackupConfig#apiKey()}).
 */
@ConfigMapping(prefix = "backup")
public interface ApiAuthConfig {

    /**
     * BACKUP_API_AUTH: {@code required} (the default: a service without {@code BACKUP_API_KEY} refuses
     * mutating requests and protected reads) or {@code disabled} (everything open; warned at every start).
     */
    @WithDefault("required")
    Mode apiAuth();

    /** BACKUP_API_AUTH values. */
    enum Mode {
        /** Mutating requests and protected reads need a key; none configured means they are refused. */
        REQUIRED,
        /** Without a configured key, every request is let through (only for a closed test network). */
        DISABLED
    }
}
