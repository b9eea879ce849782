package com.textloom.backup.support.security;

import com.textloom.backup.config.NamedKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The API keys a service accepts, from {@code BACKUP_API_KEY}, read by suite-config's {@link NamedKey} (as the
 * command line reads them): one key (its caller name is {@code backup}, as in the guide's audit lines), or
 * several, comma-separated, each either a bare key or {@code name=key} ({@code ops=k3y-1,ci=k3y-2}) so audit
 * lines name the caller. Keys are kept only
 * as SHA-256 digests and compared in constant time against every key, so neither timing nor length tells a
 * caller anything; {@link #toString()} never shows a key. (Base64 padding is not a separator:
 * {@code abc==} is a bare key.)
 */
public final class ApiKeys {

    /** The caller name of a bare key. */
    public static final String DEFAULT_NAME = NamedKey.DEFAULT_NAME;

    private final List<Entry> entries;

    private ApiKeys(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Builds the key set from {@code BACKUP_API_KEY} (may be null or blank: no key, nothing required).
     *
     * @throws IllegalArgumentException when a name is malformed; the message never contains a key
     */
    public static ApiKeys parse(String setting) {
        List<Entry> entries = new ArrayList<>();
        for (NamedKey key : NamedKey.parse(setting)) {
            entries.add(new Entry(key.name(), digest(key.key())));
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

    private record Entry(String name, byte[] digest) {}
}
