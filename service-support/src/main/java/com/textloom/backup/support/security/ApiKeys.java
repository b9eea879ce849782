package com.textloom.backup.support.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API keys a service accepts: {@code BACKUP_API_KEY} (named {@value #DEFAULT_NAME}) and the named
 * keys of {@code BACKUP_API_KEYS} ({@code ops:key1,ci:key2}). Keys are kept only as SHA-256 digests and
 * compared in constant time against every key, so neither timing nor length tells a caller anything;
 * {@link #toString()} never shows a key.
 */
public final class ApiKeys {

    /** The name given to the key of {@code BACKUP_API_KEY}. */
    public static final String DEFAULT_NAME = "api";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@\\-]*");

    private final List<Entry> entries;

    private ApiKeys(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Builds the key set from {@code BACKUP_API_KEYS} ({@code name:key,...}, may be null or blank) and
     * {@code BACKUP_API_KEY} (may be null or blank).
     *
     * @throws IllegalArgumentException when the named list is malformed; the message never contains a key
     */
    public static ApiKeys parse(String namedKeys, String singleKey) {
        List<Entry> entries = new ArrayList<>();
        if (namedKeys != null && !namedKeys.isBlank()) {
            for (String part : namedKeys.split(",")) {
                String item = part.strip();
                int colon = item.indexOf(':');
                if (colon <= 0 || colon == item.length() - 1) {
                    throw new IllegalArgumentException("not name:key[,name:key...]");
                }
                String name = item.substring(0, colon).strip();
                if (!NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("key name '" + name + "' is not letters, digits, . _ - @");
                }
                entries.add(new Entry(name, digest(item.substring(colon + 1).strip())));
            }
        }
        if (singleKey != null && !singleKey.isBlank()) {
            entries.add(new Entry(DEFAULT_NAME, digest(singleKey.strip())));
        }
        return new ApiKeys(entries);
    }

    /** True when at least one key is configured, i.e. mutating calls need a key. */
    public boolean required() {
        return !entries.isEmpty();
    }

    /**
     * The name of the key equal to {@code presented}, or empty. Takes the same time whichever key matches
     * and whatever the presented value's length.
     */
    public Optional<String> match(String presented) {
        if (presented == null || entries.isEmpty()) {
            return Optional.empty();
        }
        byte[] candidate = digest(presented.strip());
        String found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), candidate) && found == null) {
                found = entry.name();
            }
        }
        return Optional.ofNullable(found);
    }

    /** The configured key names (never the keys). */
    public List<String> names() {
        return entries.stream().map(Entry::name).toList();
    }

    @Override
    public String toString() {
        return "ApiKeys" + names();
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private record Entry(String name, byte[] digest) {
    }
}
