package com.textloom.backup.manager.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The API keys from {@code BACKUP_API_KEY}: either one key (its user name is {@code backup}) or
 * {@code name=key} pairs separated by commas. The name is what the audit log records as USER.
 * Keys are compared in constant time.
 */
public final class ApiKeys {
    private final Map<String, String> nameByKey = new LinkedHashMap<>();

    public ApiKeys(String setting) {
        if (setting == null || setting.isBlank()) {
            return;
        }
        for (String part : setting.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq > 0 && eq < p.length() - 1) {
                nameByKey.put(p.substring(eq + 1), p.substring(0, eq));
            } else {
                nameByKey.put(p, "backup");
            }
        }
    }

    public boolean required() {
        return !nameByKey.isEmpty();
    }

    /** The user name of a presented key, if it is one of ours. */
    public Optional<String> userOf(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        byte[] p = presented.getBytes(StandardCharsets.UTF_8);
        String found = null;
        for (Map.Entry<String, String> e : nameByKey.entrySet()) {
            if (MessageDigest.isEqual(p, e.getKey().getBytes(StandardCharsets.UTF_8))) {
                found = e.getValue();
            }
        }
        return Optional.ofNullable(found);
    }
}
