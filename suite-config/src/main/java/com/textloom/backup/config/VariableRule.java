package com.textloom.backup.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * What a value of an environment variable must look like. {@link #problem(String)} says, in a few words,
 * what is wrong with a value ("not a whole number"), or nothing when it is fine. An empty value always
 * passes: it means "not set" and the default (or nothing) applies.
 */
public enum VariableRule {

    /** Any text. */
    TEXT {
        @Override
        Optional<String> check(String value) {
            return Optional.empty();
        }
    },
    /** 0, 1, 2, ... */
    WHOLE_NUMBER {
        @Override
        Optional<String> check(String value) {
            return wholeNumber(value, 0, Long.MAX_VALUE);
        }
    },
    /** 1, 2, 3, ... */
    POSITIVE_NUMBER {
        @Override
        Optional<String> check(String value) {
            return wholeNumber(value, 1, Long.MAX_VALUE);
        }
    },
    /** A size in bytes, optionally with a K, M or G suffix ({@code 134217728}, {@code 128M}). */
    SIZE {
        @Override
        Optional<String> check(String value) {
            return value.matches("(?i)[0-9]+[kmg]?b?") && !value.matches("0+[kmgKMG]?[bB]?")
                    ? Optional.empty()
                    : Optional.of("not a size in bytes (e.g. 134217728 or 128M)");
        }
    },
    /** A TCP port, 1 to 65535. */
    PORT {
        @Override
        Optional<String> check(String value) {
            return wholeNumber(value, 1, 65535);
        }
    },
    /** Seconds ({@code 600}) or a duration ({@code 10m}, {@code 1h}, {@code PT10M}): what {@link VariableValues#duration} reads. */
    SECONDS_OR_DURATION {
        @Override
        Optional<String> check(String value) {
            return readable(
                    v -> VariableValues.duration("", v), value, "not a number of seconds or a duration such as 10m");
        }
    },
    /** A fraction strictly between 0 and 1 ({@code 0.5}). */
    FRACTION {
        @Override
        Optional<String> check(String value) {
            try {
                double d = Double.parseDouble(value);
                return d > 0 && d < 1 ? Optional.empty() : Optional.of("not between 0 and 1");
            } catch (NumberFormatException e) {
                return Optional.of("not a number");
            }
        }
    },
    /** {@code name=duration[,name=duration...]} ({@code database=1h,redis=15m}): what {@link VariableValues#durations} reads. */
    NAMED_DURATIONS {
        @Override
        Optional<String> check(String value) {
            return readable(
                    v -> VariableValues.durations("", v),
                    value,
                    "not name=duration[,name=duration...] (e.g. database=1h,redis=15m)");
        }
    },
    /** {@code name=url[,name=url...]} of http(s) URLs: what {@link VariableValues#urls} reads. */
    NAMED_URLS {
        @Override
        Optional<String> check(String value) {
            return readable(
                    v -> VariableValues.urls("", v),
                    value,
                    "not name=url[,name=url...] (e.g. backup-manager=http://localhost:8080)");
        }
    },
    /** A percentage, 0 to 100, decimals allowed. */
    PERCENT {
        @Override
        Optional<String> check(String value) {
            try {
                double d = Double.parseDouble(value);
                return d >= 0 && d <= 100 ? Optional.empty() : Optional.of("not between 0 and 100");
            } catch (NumberFormatException e) {
                return Optional.of("not a number");
            }
        }
    },
    /** A time-zone id as {@link java.time.ZoneId#of} reads it ({@code UTC}, {@code Asia/Shanghai}, {@code +08:00}). */
    TIME_ZONE {
        @Override
        Optional<String> check(String value) {
            try {
                java.time.ZoneId.of(value);
                return Optional.empty();
            } catch (java.time.DateTimeException e) {
                return Optional.of("not a time zone id (examples: UTC, Asia/Shanghai, Europe/Berlin, +08:00)");
            }
        }
    },
    /** true or false (also yes/no, on/off, 1/0). */
    BOOLEAN {
        @Override
        Optional<String> check(String value) {
            return BOOLEANS.contains(value.toLowerCase(Locale.ROOT))
                    ? Optional.empty()
                    : Optional.of("not true or false");
        }
    },
    /** An http:// or https:// URL with a host. */
    HTTP_URL {
        @Override
        Optional<String> check(String value) {
            return url(value, Set.of("http", "https")) ? Optional.empty() : Optional.of("not an http(s) URL");
        }
    },
    /**
     * One http(s) URL with a host, or several, comma-separated ({@code BACKUP_MANAGER_URL} of an HA pair), each as
     * {@link #HTTP_URL} accepts it: what {@link VariableValues#urlList} reads.
     */
    HTTP_URL_LIST {
        @Override
        Optional<String> check(String value) {
            String[] parts = value.split(",");
            for (String part : parts) {
                if (part.isBlank() || HTTP_URL.check(part.strip()).isPresent()) {
                    return Optional.of(
                            parts.length == 1
                                    ? "not an http(s) URL"
                                    : "'" + part.strip()
                                            + "' is not an http(s) URL (comma-separated http(s) URLs expected)");
                }
            }
            return Optional.empty();
        }
    },
    /** {@code host:port} or an http(s) URL (MINIO_ENDPOINT, OBS_ENDPOINT). */
    ENDPOINT {
        @Override
        Optional<String> check(String value) {
            return url(value, Set.of("http", "https"))
                            || HOST_PORT.matcher(value).matches()
                            || HOST.matcher(value).matches()
                    ? Optional.empty()
                    : Optional.of("not host[:port] or an http(s) URL");
        }
    },
    /** A PostgreSQL URL: {@code postgresql://user@host:5432/db}. */
    POSTGRES_URL {
        @Override
        Optional<String> check(String value) {
            return url(value, Set.of("postgresql", "postgres"))
                    ? Optional.empty()
                    : Optional.of("not a postgresql://[user[:password]@]host[:port]/database URL");
        }
    },
    /**
     * A Redis URL: {@code redis://host:6379/0}. {@code rediss://} (TLS) is refused here, naming why: the manager's
     * Redis client (backup, replication snapshot, restore) speaks plain RESP only, so a TLS URL would pass start-up
     * and then fail every Redis backup.
     */
    REDIS_URL {
        @Override
        Optional<String> check(String value) {
            if (url(value, Set.of("rediss"))) {
                return Optional.of(
                        "rediss:// (Redis over TLS) is not supported: the backup manager's Redis client speaks"
                                + " plain RESP; give a redis:// URL (e.g. a local TLS tunnel such as stunnel to the server)");
            }
            return url(value, Set.of("redis"))
                    ? Optional.empty()
                    : Optional.of("not a redis://[:password@]host[:port][/db] URL");
        }
    },
    /** Kafka bootstrap servers: {@code host:port[,host:port...]}. */
    HOST_PORT_LIST {
        @Override
        Optional<String> check(String value) {
            for (String part : value.split(",")) {
                if (!HOST_PORT.matcher(part.strip()).matches()) {
                    return Optional.of("not host:port[,host:port...]");
                }
            }
            return Optional.empty();
        }
    },
    /** An email address. */
    EMAIL {
        @Override
        Optional<String> check(String value) {
            return EMAIL_ADDRESS.matcher(value).matches() ? Optional.empty() : Optional.of("not an email address");
        }
    },
    /** Email addresses separated by commas. */
    EMAIL_LIST {
        @Override
        Optional<String> check(String value) {
            for (String part : value.split(",")) {
                if (!EMAIL_ADDRESS.matcher(part.strip()).matches()) {
                    return Optional.of("not a comma-separated list of email addresses");
                }
            }
            return Optional.empty();
        }
    },
    /** A file-system path. */
    PATH {
        @Override
        Optional<String> check(String value) {
            return value.indexOf('\0') < 0 ? Optional.empty() : Optional.of("not a path");
        }
    },
    /** Paths separated by commas. */
    PATH_LIST {
        @Override
        Optional<String> check(String value) {
            for (String part : value.split(",")) {
                if (part.isBlank() || part.indexOf('\0') >= 0) {
                    return Optional.of("not a comma-separated list of paths");
                }
            }
            return Optional.empty();
        }
    },
    /** A Fernet key: URL-safe base64 of 32 bytes, as the guide generates it. */
    FERNET_KEY {
        @Override
        Optional<String> check(String value) {
            try {
                return Base64.getUrlDecoder().decode(value).length == 32
                        ? Optional.empty()
                        : Optional.of("not a key of 32 bytes (URL-safe base64, e.g. from Fernet.generate_key())");
            } catch (IllegalArgumentException e) {
                return Optional.of("not URL-safe base64 (generate one with Fernet.generate_key())");
            }
        }
    },
    /** API keys: {@code key} or {@code name=key[,name=key...]}. */
    NAMED_KEYS {
        @Override
        Optional<String> check(String value) {
            try {
                NamedKey.parse(value);
                return Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.of(e.getMessage());
            }
        }
    },
    /** {@code active} or {@code standby} (the guide's BACKUP_MODE). */
    MODE {
        @Override
        Optional<String> check(String value) {
            return Set.of("active", "standby").contains(value.toLowerCase(Locale.ROOT))
                    ? Optional.empty()
                    : Optional.of("not active or standby");
        }
    },
    /** {@code required} or {@code disabled} (BACKUP_API_AUTH). */
    API_AUTH {
        @Override
        Optional<String> check(String value) {
            return Set.of("required", "disabled").contains(value.toLowerCase(Locale.ROOT))
                    ? Optional.empty()
                    : Optional.of("not required or disabled");
        }
    };

    private static final Set<String> BOOLEANS = Set.of("true", "false", "yes", "no", "on", "off", "1", "0");
    private static final Pattern HOST_PORT =
            Pattern.compile("^[A-Za-z0-9._\\-]+:[0-9]{1,5}$|^\\[[0-9A-Fa-f:]+\\]:[0-9]{1,5}$");
    private static final Pattern HOST = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._\\-]*$");
    private static final Pattern EMAIL_ADDRESS =
            Pattern.compile("^[^@\\s<>]+@[^@\\s<>]+\\.[^@\\s<>]+$|^[^@\\s<>]+@localhost$");

    /**
     * What is wrong with {@code value}, or empty when it is acceptable. Blank values are acceptable
     * (they mean "not set").
     */
    public Optional<String> problem(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return check(value.strip());
    }

    abstract Optional<String> check(String value);

    /** The rule of a value that a reader of {@link VariableValues} reads: {@code problem} when it cannot. */
    private static Optional<String> readable(Consumer<String> reader, String value, String problem) {
        try {
            reader.accept(value);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(problem);
        }
    }

    private static Optional<String> wholeNumber(String value, long min, long max) {
        if (!value.matches("-?[0-9]+")) {
            return Optional.of("not a whole number");
        }
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            return Optional.of("too large");
        }
        if (n < 0 && min >= 0) {
            return Optional.of("must not be negative");
        }
        if (n < min) {
            return Optional.of("must be at least " + min);
        }
        if (n > max) {
            return Optional.of("must be at most " + max);
        }
        return Optional.empty();
    }

    private static boolean url(String value, Set<String> schemes) {
        try {
            URI uri = new URI(value);
            return uri.getScheme() != null
                    && schemes.contains(uri.getScheme().toLowerCase(Locale.ROOT))
                    && uri.getHost() != null
                    && !uri.getHost().isBlank();
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
