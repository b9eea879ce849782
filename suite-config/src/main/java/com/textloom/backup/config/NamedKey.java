package com.textloom.backup.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One API key of a {@code BACKUP_API_KEY} setting: one key (named {@value #DEFAULT_NAME}, as in the guide's
 * audit lines), or several, comma-separated, each a bare key or {@code name=key} ({@code ops=k3y-1,ci=k3y-2}).
 * Base64 padding is not a separator: {@code abc==} is a bare key. The services accept every key of the setting;
 * the command line presents the first one. {@link #toString()} never shows the key.
 *
 * @param name the caller's name for audit lines
 * @param key  the key itself; a secret
 */
public record NamedKey(String name, String key) {

    /** The caller name of a bare key. */
    public static final String DEFAULT_NAME = "backup";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@\\-]*");

    /**
     * The keys of a {@code BACKUP_API_KEY} value, in order; none for {@code null} or blank.
     *
     * @throws IllegalArgumentException when a name is malformed; the message never contains a key
     */
    public static List<NamedKey> parse(String setting) {
        List<NamedKey> keys = new ArrayList<>();
        if (setting == null || setting.isBlank()) {
            return keys;
        }
        for (String part : setting.split(",")) {
            String item = part.strip();
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            boolean named = eq > 0 && !item.substring(eq + 1).replace("=", "").isEmpty();
            if (!named) {
                keys.add(new NamedKey(DEFAULT_NAME, item));
                continue;
            }
            String name = item.substring(0, eq).strip();
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("key name '" + name + "' is not letters, digits, . _ - @");
            }
            keys.add(new NamedKey(name, item.substring(eq + 1).strip()));
        }
        return keys;
    }

    @Override
    public String toString() {
        return "NamedKey[" + name + "]";
    }
}
