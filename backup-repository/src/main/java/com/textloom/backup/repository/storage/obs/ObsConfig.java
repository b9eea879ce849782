package com.textloom.backup.repository.storage.obs;

import com.textloom.backup.repository.storage.BlobName;
import com.textloom.backup.repository.storage.RemoteEndpoint;
import java.util.Locale;
import java.util.Map;

/**
 * Where and how an {@link ObsBlobStore} talks to Huawei OBS (or an S3 endpoint speaking OBS's
 * V2-compatible dialect, such as S3Proxy in tests).
 *
 * @param endpoint {@code https://obs.cn-north-4.myhuaweicloud.com}; a scheme-less endpoint, as the
 *     guide writes it, is taken as {@code https}
 * @param accessKey the access key
 * @param secretKey the secret key; never printed by {@link #toString()}
 * @param bucket the bucket, created by {@link ObsBlobStore#connect} when missing
 * @param prefix {@code ""} or a folder inside the bucket
 * @param pathStyle {@code true} for {@code ENDPOINT/BUCKET/KEY} addressing (needed by S3Proxy),
 *     {@code false} for OBS's virtual-hosted {@code BUCKET.ENDPOINT/KEY}
 * @param signature {@link Signature#NEGOTIATE} lets the SDK ask the server (real OBS); {@code V2}
 *     or {@code OBS} pin the signing, as an S3-compatible server needs (V4 fails against S3Proxy)
 */
public record ObsConfig(
        String endpoint,
        String accessKey,
        String secretKey,
        String bucket,
        String prefix,
        boolean pathStyle,
        Signature signature) {

    /** How requests are signed. */
    public enum Signature {
        NEGOTIATE,
        V2,
        V4,
        OBS
    }

    public ObsConfig {
        endpoint = RemoteEndpoint.url(endpoint, "OBS_ENDPOINT", "https");
        RemoteEndpoint.required(accessKey, "OBS_ACCESS_KEY");
        RemoteEndpoint.required(secretKey, "OBS_SECRET_KEY");
        RemoteEndpoint.bucket(bucket, "OBS_BUCKET");
        prefix = BlobName.folder(prefix);
        if (signature == null) {
            signature = Signature.NEGOTIATE;
        }
    }

    /** A configuration for real OBS: virtual-hosted addressing, negotiated signing. */
    public static ObsConfig of(String endpoint, String accessKey, String secretKey, String bucket, String prefix) {
        return new ObsConfig(endpoint, accessKey, secretKey, bucket, prefix, false, Signature.NEGOTIATE);
    }

    /** The same configuration for an S3-compatible server: path style, V2 signing. */
    public ObsConfig forS3Compatible() {
        return new ObsConfig(endpoint, accessKey, secretKey, bucket, prefix, true, Signature.V2);
    }

    /**
     * From the guide's variables {@code OBS_ENDPOINT}, {@code OBS_ACCESS_KEY},
     * {@code OBS_SECRET_KEY}, {@code OBS_BUCKET}, and the optional {@code OBS_PREFIX},
     * {@code OBS_PATH_STYLE} ({@code true}/{@code false}), {@code OBS_SIGNATURE}
     * ({@code negotiate}, {@code v2}, {@code v4}, {@code obs}).
     *
     * @throws IllegalArgumentException naming the first missing or bad variable
     */
    public static ObsConfig fromEnv(Map<String, String> env) {
        return new ObsConfig(
                RemoteEndpoint.required(env.get("OBS_ENDPOINT"), "OBS_ENDPOINT"),
                env.get("OBS_ACCESS_KEY"),
                env.get("OBS_SECRET_KEY"),
                env.get("OBS_BUCKET"),
                env.getOrDefault("OBS_PREFIX", ""),
                Boolean.parseBoolean(env.getOrDefault("OBS_PATH_STYLE", "false")),
                signature(env.getOrDefault("OBS_SIGNATURE", "negotiate")));
    }

    /** Parses {@code negotiate}, {@code v2}, {@code v4} or {@code obs}, any case. */
    public static Signature signature(String value) {
        try {
            return Signature.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("OBS_SIGNATURE must be negotiate, v2, v4 or obs, got " + value, e);
        }
    }

    /** {@code obs:ENDPOINT/BUCKET[/PREFIX]}, the repository URI of this store, without credentials. */
    public String describe() {
        return "obs:" + endpoint + "/" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    @Override
    public String toString() {
        return "ObsConfig[" + describe() + ", accessKey=" + accessKey + ", pathStyle=" + pathStyle + ", signature="
                + signature + "]";
    }
}
