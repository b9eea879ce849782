package com.textloom.backup.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * A remote object store as the suite's variables describe it: MinIO ({@code MINIO_ENDPOINT}, {@code MINIO_SECURE},
 * {@code MINIO_BUCKET}, {@code MINIO_PREFIX}) or Huawei OBS ({@code OBS_ENDPOINT}, {@code OBS_BUCKET},
 * {@code OBS_PREFIX}, {@code OBS_PATH_STYLE}, {@code OBS_SIGNATURE}). The one reading of those variables: the
 * manager copies to {@link #repositoryUri()}, the monitor probes {@link #url()}, the command line opens
 * {@link #repositoryUri()}; so a scheme-less {@code MINIO_ENDPOINT} means https exactly when {@code MINIO_SECURE} is
 * true, for all of them. Credentials are not part of it: the repository library takes them from
 * {@code MINIO_ACCESS_KEY} / {@code OBS_ACCESS_KEY} ...; nothing here is a secret.
 *
 * @param kind      MinIO (S3 API) or OBS
 * @param url       {@code http(s)://host[:port]}, the scheme resolved (MinIO: {@code MINIO_SECURE}; OBS: https)
 * @param bucket    the bucket
 * @param prefix    {@code ""} or a folder inside the bucket, without leading or trailing slashes
 * @param pathStyle OBS only: path-style addressing ({@code OBS_PATH_STYLE})
 * @param signature OBS only: request signing ({@code OBS_SIGNATURE}, lower case)
 */
public record StorageEndpoint(Kind kind, URI url, String bucket, String prefix, boolean pathStyle, String signature) {

    /** The two kinds of remote store the guide names. */
    public enum Kind {
        /** MinIO or any S3 endpoint: repository URIs {@code s3:...}. */
        MINIO("minio", "s3", "MINIO"),
        /** Huawei Cloud OBS: repository URIs {@code obs:...}. */
        OBS("obs", "obs", "OBS");

        private final String label;
        private final String scheme;
        private final String variablePrefix;

        Kind(String label, String scheme, String variablePrefix) {
            this.label = label;
            this.scheme = scheme;
            this.variablePrefix = variablePrefix;
        }

        /** {@code minio} or {@code obs}: the store's name in the monitor's backends and the CLI's {@code --repo}. */
        public String label() {
            return label;
        }
    }

    /**
     * The MinIO store of {@code lookup}'s variables (defaults from {@link SuiteVariables}), or empty when
     * {@code MINIO_ENDPOINT} is not set.
     *
     * @param lookup a variable's value by name, or {@code null} when it is not set
     * @throws IllegalArgumentException naming the variable whose value is bad
     */
    public static Optional<StorageEndpoint> minio(Function<String, String> lookup) {
        return read(Kind.MINIO, lookup);
    }

    /** The OBS store of {@code lookup}'s variables, or empty when {@code OBS_ENDPOINT} is not set. */
    public static Optional<StorageEndpoint> obs(Function<String, String> lookup) {
        return read(Kind.OBS, lookup);
    }

    /** Every store the variables configure: MinIO, then OBS. */
    public static List<StorageEndpoint> configured(Function<String, String> lookup) {
        List<StorageEndpoint> out = new ArrayList<>();
        minio(lookup).ifPresent(out::add);
        obs(lookup).ifPresent(out::add);
        return List.copyOf(out);
    }

    /**
     * The remote repositories the suite copies each backup to, as repository URIs without credentials:
     * {@code BACKUP_REMOTES} (comma-separated) when set, else the {@link #configured} stores' {@link #repositoryUri()}.
     * The manager copies to them; disaster recovery assesses and recovers from them.
     */
    public static List<String> remoteRepositories(Function<String, String> lookup) {
        List<String> listed = SuiteVariables.list("BACKUP_REMOTES", lookup);
        if (!listed.isEmpty()) {
            return listed;
        }
        return configured(lookup).stream().map(StorageEndpoint::repositoryUri).toList();
    }

    /**
     * The store from the values of its variables; an endpoint without a scheme gets https when {@code secure}.
     *
     * @throws IllegalArgumentException naming the endpoint variable when it is not {@code host[:port]} or an
     *                                  http(s) URL
     */
    public static StorageEndpoint of(
            Kind kind,
            String endpoint,
            boolean secure,
            String bucket,
            String prefix,
            boolean pathStyle,
            String signature) {
        String variable = kind.variablePrefix + "_ENDPOINT";
        String e = endpoint.strip().replaceAll("/+$", "");
        URI url = VariableValues.url(variable, e.contains("://") ? e : (secure ? "https://" : "http://") + e);
        String p = prefix == null ? "" : prefix.strip().replaceAll("^/+|/+$", "");
        String s = signature == null || signature.isBlank()
                ? "negotiate"
                : signature.strip().toLowerCase(Locale.ROOT);
        return new StorageEndpoint(
                kind, url, bucket.strip(), p, kind == Kind.OBS && pathStyle, kind == Kind.OBS ? s : "");
    }

    private static Optional<StorageEndpoint> read(Kind kind, Function<String, String> lookup) {
        String prefix = kind.variablePrefix + "_";
        String endpoint = SuiteVariables.value(prefix + "ENDPOINT", lookup);
        if (endpoint.isEmpty()) {
            return Optional.empty();
        }
        boolean minio = kind == Kind.MINIO;
        return Optional.of(of(
                kind,
                endpoint,
                !minio || SuiteVariables.bool("MINIO_SECURE", lookup),
                SuiteVariables.value(prefix + "BUCKET", lookup),
                SuiteVariables.value(prefix + "PREFIX", lookup),
                !minio && SuiteVariables.bool("OBS_PATH_STYLE", lookup),
                minio ? "" : SuiteVariables.value("OBS_SIGNATURE", lookup)));
    }

    /**
     * The repository URI of this store, as the repository library and {@code --repo} read it:
     * {@code s3:https://minio:9000/textloom-backups/team} or
     * {@code obs:https://obs.cn-north-4.myhuaweicloud.com/textloom-backups?path-style=true&signature=v2} (the OBS
     * options only when they differ from the defaults).
     */
    public String repositoryUri() {
        List<String> options = new ArrayList<>();
        if (pathStyle) {
            options.add("path-style=true");
        }
        if (kind == Kind.OBS && !signature.equals("negotiate")) {
            options.add("signature=" + signature);
        }
        return kind.scheme + ":" + url + "/" + bucket + (prefix.isEmpty() ? "" : "/" + prefix)
                + (options.isEmpty() ? "" : "?" + String.join("&", options));
    }
}
