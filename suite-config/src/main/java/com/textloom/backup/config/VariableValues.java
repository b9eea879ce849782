package com.textloom.backup.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns variable values that are more than a word into Java values: durations ({@code 15m}, {@code PT10M},
 * {@code 600}), http(s) URLs, and {@code name=value,...} lists of them ({@code database=1h,redis=15m}). A bad
 * value throws {@link IllegalArgumentException} whose message starts with the variable's name, so start-up
 * stops with a message a user can act on. {@link VariableRule#SECONDS_OR_DURATION} accepts exactly what
 * {@link #duration} reads.
 */
public final class VariableValues {

    private VariableValues() {}

    /**
     * Parses {@code name=duration,name=duration}; a duration is a number with a unit {@code s}, {@code m},
     * {@code h} or {@code d} ({@code database=1h,redis=15m}).
     */
    public static Map<String, Duration> durations(String variable, String value) {
        Map<String, Duration> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : pairs(variable, value).entrySet()) {
            out.put(e.getKey(), duration(variable, e.getValue()));
        }
        return out;
    }

    /** Parses {@code name=url,name=url}; each URL must be absolute http or https. */
    public static Map<String, URI> urls(String variable, String value) {
        Map<String, URI> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : pairs(variable, value).entrySet()) {
            out.put(e.getKey(), url(variable, e.getValue()));
        }
        return out;
    }

    /**
     * Parses a comma-separated list of paths ({@code BACKUP_RESTORE_ROOTS=/tmp,./restore}), as written: blank items
     * are skipped, nothing is resolved. The one reading of {@link VariableRule#PATH_LIST}: a colon is part of a
     * path, not a separator.
     */
    public static List<Path> paths(String variable, String value) {
        List<Path> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                try {
                    out.add(Path.of(part.strip()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(variable + ": '" + part.strip() + "' is not a path", e);
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * The items of a comma-separated value ({@code database,redis}, {@code a@x.org, b@x.org}), stripped, in the order
     * written; blank items are skipped, so {@code ""} is the empty list. The one reading of the suite's plain lists
     * (components, scenarios, recipients, remotes, hosts); lists of paths, URLs and pairs have their readers above.
     */
    public static List<String> list(String value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return List.copyOf(out);
    }

    /** Reads {@code true}/{@code false} as {@link VariableRule#BOOLEAN} accepts them (also yes/no, on/off, 1/0). */
    public static boolean bool(String variable, String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0", "" -> false;
            default -> throw new IllegalArgumentException(variable + ": '" + value + "' is not true or false");
        };
    }

    /**
     * Parses one http(s) URL or several, comma-separated ({@code http://a:8080,http://b:8080}), in the order written,
     * each as {@link #url} reads it; blank items are skipped, at least one URL is required.
     */
    public static List<URI> urlList(String variable, String value) {
        List<URI> out = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                out.add(url(variable, part));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(variable + ": '" + value + "' names no http(s) URL");
        }
        return List.copyOf(out);
    }

    /** Parses one http(s) URL; a bare {@code host:port} (the guide's MINIO_ENDPOINT) gets {@code http://}. */
    public static URI url(String variable, String value) {
        String v = value.strip();
        if (!v.contains("://")) {
            v = "http://" + v;
        }
        try {
            URI u = URI.create(v);
            if (u.getHost() == null
                    || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable + ": '" + value + "' is not an http(s) URL", e);
        }
    }

    /**
     * Parses {@code 90s}, {@code 15m}, {@code 1h}, {@code 2d}, {@code 500ms}, an ISO-8601 duration
     * ({@code PT10M}) or a plain number of seconds; never negative.
     */
    public static Duration duration(String variable, String value) {
        Duration d = parseDuration(variable, value);
        if (d.isNegative()) {
            throw new IllegalArgumentException(variable + ": '" + value + "' is negative");
        }
        return d;
    }

    private static Duration parseDuration(String variable, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("p")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.matches("\\d+")) {
                return Duration.ofSeconds(Long.parseLong(v));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new IllegalArgumentException("unit");
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    variable + ": '" + value + "' is not a duration (a number followed by s, m, h or d)", e);
        }
    }

    private static Map<String, String> pairs(String variable, String value) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null || value.isBlank()) {
            return out;
        }
        for (String part : value.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0 || eq == part.length() - 1) {
                throw new IllegalArgumentException(
                        variable + ": '" + part.strip() + "' is not name=value (expected e.g. database=1h,redis=15m)");
            }
            out.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
        }
        return out;
    }
}
