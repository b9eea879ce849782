package com.textloom.backup.repository.storage.location;

import com.textloom.backup.repository.storage.BlobName;
import com.textloom.backup.repository.storage.BlobStore;
import com.textloom.backup.repository.storage.local.LocalBlobStore;
import com.textloom.backup.repository.storage.metrics.MeteredBlobStore;
import com.textloom.backup.repository.storage.metrics.StorageMetricsSink;
import com.textloom.backup.repository.storage.obs.ObsBlobStore;
import com.textloom.backup.repository.storage.obs.ObsConfig;
import com.textloom.backup.repository.storage.retry.RetryPolicy;
import com.textloom.backup.repository.storage.retry.RetryingBlobStore;
import com.textloom.backup.repository.storage.s3.S3BlobStore;
import com.textloom.backup.repository.storage.s3.S3Config;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where a repository lives, parsed from the URI users write ({@code --repo URI}):
 *
 * <ul>
 *   <li>a local path ({@code /var/backups/textloom}, {@code ./repo}) or {@code local:PATH};</li>
 *   <li>{@code s3:http://HOST:PORT/BUCKET[/PREFIX]} for MinIO / S3, credentials from
 *       {@code MINIO_ACCESS_KEY} and {@code MINIO_SECRET_KEY} (the scheme may be left out:
 *       {@code s3:localhost:9000/BUCKET} means http);</li>
 *   <li>{@code obs:https://ENDPOINT/BUCKET[/PREFIX]} for Huawei OBS, credentials from
 *       {@code OBS_ACCESS_KEY} and {@code OBS_SECRET_KEY}; {@code OBS_PATH_STYLE} and
 *       {@code OBS_SIGNATURE} (or the query {@code ?path-style=true&signature=v2}) adapt it to an
 *       S3-compatible server.</li>
 * </ul>
 *
 * <p>Credentials come from a map with the guide's variable names: {@code System.getenv()} or an
 * explicit map. A URI never carries them, and {@link #toString()} never shows them.
 */
public final class RepositoryLocation {

    /** The kind of backend a location names. */
    public enum Kind {
        LOCAL,
        S3,
        OBS
    }

    private final Kind kind;
    private final Path path;
    private final S3Config s3;
    private final ObsConfig obs;

    private RepositoryLocation(Kind kind, Path path, S3Config s3, ObsConfig obs) {
        this.kind = kind;
        this.path = path;
        this.s3 = s3;
        this.obs = obs;
    }

    /**
     * Parses {@code uri}, taking credentials from {@code env}.
     *
     * @throws IllegalArgumentException naming what is wrong: an unknown scheme, no bucket, a missing
     *     credential variable
     */
    public static RepositoryLocation parse(String uri, Map<String, String> env) {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("repository URI is empty");
        }
        String lower = uri.toLowerCase(Locale.ROOT);
        if (lower.startsWith("s3:")) {
            Remote r = remote(uri.substring(3), "s3", "http");
            Map<String, String> vars = new HashMap<>(env);
            vars.put("MINIO_ENDPOINT", r.endpoint);
            vars.put("MINIO_BUCKET", r.bucket);
            vars.put("MINIO_PREFIX", r.prefix);
            return new RepositoryLocation(Kind.S3, null, S3Config.fromEnv(vars), null);
        }
        if (lower.startsWith("obs:")) {
            Remote r = remote(uri.substring(4), "obs", "https");
            Map<String, String> vars = new HashMap<>(env);
            vars.put("OBS_ENDPOINT", r.endpoint);
            vars.put("OBS_BUCKET", r.bucket);
            vars.put("OBS_PREFIX", r.prefix);
            r.query.forEach((k, v) -> {
                switch (k) {
                    case "path-style" -> vars.put("OBS_PATH_STYLE", v);
                    case "signature" -> vars.put("OBS_SIGNATURE", v);
                    default ->
                        throw new IllegalArgumentException(
                                "unknown option '" + k + "' in " + uri + " (known: path-style, signature)");
                }
            });
            return new RepositoryLocation(Kind.OBS, null, null, ObsConfig.fromEnv(vars));
        }
        String local = lower.startsWith("local:") ? uri.substring(6) : uri;
        if (local.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") && !local.matches("^[A-Za-z]:[\\\\/].*")) {
            throw new IllegalArgumentException("unknown repository URI scheme in '" + uri
                    + "': use a local path, s3:http://HOST:PORT/BUCKET[/PREFIX] or"
                    + " obs:https://ENDPOINT/BUCKET[/PREFIX]");
        }
        if (local.isBlank()) {
            throw new IllegalArgumentException("repository URI '" + uri + "' names no directory");
        }
        return new RepositoryLocation(Kind.LOCAL, Path.of(local), null, null);
    }

    private record Remote(String endpoint, String bucket, String prefix, Map<String, String> query) {}

    private static Remote remote(String rest, String scheme, String defaultScheme) {
        String url = rest.contains("://") ? rest : defaultScheme + "://" + rest;
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a " + scheme + " repository URI: " + scheme + ":" + rest, e);
        }
        if (u.getHost() == null) {
            throw new IllegalArgumentException(scheme + " repository URI names no host: " + scheme + ":" + rest);
        }
        if (u.getRawUserInfo() != null) {
            throw new IllegalArgumentException(scheme + " repository URIs carry no credentials: set the"
                    + " access and secret key variables instead");
        }
        String path = u.getPath() == null ? "" : u.getPath().replaceAll("^/+|/+$", "");
        if (path.isEmpty()) {
            throw new IllegalArgumentException(scheme + " repository URI names no bucket: " + scheme
                    + ":" + rest + " (expected " + scheme + ":" + defaultScheme
                    + "://HOST[:PORT]/BUCKET[/PREFIX])");
        }
        int slash = path.indexOf('/');
        String bucket = slash < 0 ? path : path.substring(0, slash);
        String prefix = BlobName.folder(slash < 0 ? "" : path.substring(slash + 1));
        Map<String, String> query = new HashMap<>();
        if (u.getQuery() != null) {
            for (String pair : u.getQuery().split("&")) {
                int eq = pair.indexOf('=');
                query.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        return new Remote(u.getScheme() + "://" + u.getRawAuthority(), bucket, prefix, query);
    }

    public Kind kind() {
        return kind;
    }

    /** The directory of a {@link Kind#LOCAL} location, else {@code null}. */
    public Path path() {
        return path;
    }

    /** The configuration of an {@link Kind#S3} location, else {@code null}. */
    public S3Config s3() {
        return s3;
    }

    /** The configuration of an {@link Kind#OBS} location, else {@code null}. */
    public ObsConfig obs() {
        return obs;
    }

    /**
     * Connects to the backend (creating the directory or bucket if missing), without decorators.
     */
    public BlobStore connect() throws IOException {
        return switch (kind) {
            case LOCAL -> LocalBlobStore.open(path);
            case S3 -> S3BlobStore.connect(s3);
            case OBS -> ObsBlobStore.connect(obs);
        };
    }

    /**
     * Connects (retrying an unreachable endpoint with {@code policy}) and wraps the store as every
     * caller should use it: retries with {@code policy} around metering into {@code metrics}, so
     * every try is measured.
     */
    public BlobStore open(RetryPolicy policy, StorageMetricsSink metrics) throws IOException {
        BlobStore store = policy.run(toString(), "connect", this::connect);
        return new RetryingBlobStore(metrics == null ? store : new MeteredBlobStore(store, metrics), policy);
    }

    /** Connects with {@link RetryPolicy#DEFAULT} retries and no metrics. */
    public BlobStore open() throws IOException {
        return open(RetryPolicy.DEFAULT, null);
    }

    /** The canonical URI ({@code local:/abs/path}, {@code s3:...}, {@code obs:...}), without credentials. */
    @Override
    public String toString() {
        return switch (kind) {
            case LOCAL -> "local:" + path.toAbsolutePath().normalize();
            case S3 -> s3.describe();
            case OBS -> obs.describe();
        };
    }
}
