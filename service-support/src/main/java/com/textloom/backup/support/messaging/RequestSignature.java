package com.textloom.backup.support.messaging;

import com.textloom.backup.events.BackupRequested;
import com.textloom.backup.events.DrillRequested;
import com.textloom.backup.events.RecoveryRequested;
import com.textloom.backup.events.RestoreRequested;
import com.textloom.backup.events.RetentionRequested;
import com.textloom.backup.events.StorageSwitchRequested;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.events.VerifyRequested;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Signs and checks requests on Kafka (the commands of the suite: {@link BackupRequested}, {@link RestoreRequested},
 * {@link VerifyRequested}, {@link RetentionRequested}, {@link StorageSwitchRequested}, {@link RecoveryRequested},
 * {@link DrillRequested}), so that being able to write to {@code textloom.backup.requests} is not enough to restore
 * over live data, forget backups or move them to another store.
 *
 * <p>The guarantee: a record whose {@value #HEADER} header {@link #verify verifies} was written by a holder of the
 * shared secret {@code BACKUP_EVENT_SIGNING_KEY}, with exactly this CloudEvents type and these payload bytes (which
 * hold the request id), at most {@link #MAX_AGE} before it is checked. Neither payload, type nor time can be
 * changed without the signature failing.
 * <ul>
 *   <li>Header {@value #HEADER}: {@code t=<epoch milliseconds>,v1=<base64url of the MAC, no padding>}.</li>
 *   <li>MAC: HMAC-SHA256 over the UTF-8 bytes of {@code "textloom-request-v1\n" + ce_type + "\n" + t + "\n"}
 *       followed by the record's value bytes exactly as sent (the event's JSON, with its {@code request_id}).</li>
 *   <li>Key: HKDF-SHA256 (RFC 5869) of the UTF-8 bytes of {@code BACKUP_EVENT_SIGNING_KEY}, salt
 *       {@value #SALT}, info {@value #INFO}, 32 bytes; the secret itself never keys a MAC, and the derived
 *       key is for this use only.</li>
 *   <li>Replay: a signature older than {@link #MAX_AGE} or more than {@link #MAX_SKEW} in the future is refused;
 *       within that window a replayed record carries the request id of one already taken, which the manager
 *       recognises and does not run twice.</li>
 * </ul>
 * Every producer of the suite signs: SmallRye channels through {@link SuiteEventSerializer} (which signs
 * every request it writes when the key is set), plain producers through {@link CloudEventRecords#record}
 * with a signature. Comparison is constant-time. Neither the secret nor the derived key is ever logged.
 * Immutable and thread-safe.
 */
public final class RequestSignature {

    /** The record header carrying the signature. */
    public static final String HEADER = "textloom-signature";
    /** The variable holding the shared secret. */
    public static final String VARIABLE = "BACKUP_EVENT_SIGNING_KEY";
    /** How old a signature may be when checked. */
    public static final Duration MAX_AGE = Duration.ofHours(24);
    /** How far in the future (clock skew between hosts) a signature may lie. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(5);
    static final String SALT = "textloom-backup";
    static final String INFO = "textloom-backup request signing v1";
    private static final String PREFIX = "textloom-request-v1\n";
    private static final String ALGORITHM = "HmacSHA256";

    private final byte[] key;

    private RequestSignature(byte[] key) {
        this.key = key;
    }

    /**
     * The signature of the shared secret {@code secret}.
     *
     * @throws IllegalArgumentException when the secret is blank or shorter than 16 characters
     */
    public static RequestSignature of(String secret) {
        if (secret == null || secret.isBlank() || secret.strip().length() < 16) {
            throw new IllegalArgumentException(VARIABLE + " must be at least 16 characters (e.g. 32 random bytes,"
                    + " base64)");
        }
        return new RequestSignature(hkdf(secret.strip().getBytes(StandardCharsets.UTF_8),
                SALT.getBytes(StandardCharsets.UTF_8), INFO.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The signature of the configured {@value #VARIABLE} (environment, {@code .env.backup}, or the property
     * {@code backup.event-signing-key}), or empty when it is not set.
     */
    public static Optional<RequestSignature> configured() {
        Config config = ConfigProvider.getConfig();
        Optional<String> secret = config.getOptionalValue("backup.event-signing-key", String.class)
                .or(() -> config.getOptionalValue(VARIABLE, String.class))
                .filter(s -> !s.isBlank());
        return secret.map(RequestSignature::of);
    }

    /** Whether {@code event} is a request (a command some service carries out), which producers sign. */
    public static boolean isRequest(SuiteEvent event) {
        return event instanceof BackupRequested || event instanceof RestoreRequested
                || event instanceof VerifyRequested || event instanceof RetentionRequested
                || event instanceof StorageSwitchRequested || event instanceof RecoveryRequested || event instanceof DrillRequested;
    }

    /** Adds the {@value #HEADER} header for a record of type {@code type} with value {@code payload}, signed now. */
    public void sign(Headers headers, String type, byte[] payload, Instant now) {
        headers.remove(HEADER);
        headers.add(HEADER, headerValue(type, payload, now).getBytes(StandardCharsets.UTF_8));
    }

    /** The value of the {@value #HEADER} header for {@code type} and {@code payload} signed at {@code at}. */
    public String headerValue(String type, byte[] payload, Instant at) {
        long t = at.toEpochMilli();
        return "t=" + t + ",v1=" + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(type, t, payload));
    }

    /**
     * Checks the signature of a record.
     *
     * @param headers the record's headers ({@value #HEADER}), may be null
     * @param type    the record's {@code ce_type}
     * @param payload the record's value bytes as received
     * @return empty when the signature is valid and fresh, else the reason it is refused (a dead-letter reason:
     *         {@code unsigned: ...}, {@code bad_signature: ...}, {@code stale_signature: ...})
     */
    public Optional<String> verify(Headers headers, String type, byte[] payload, Instant now) {
        String value = CloudEventRecords.header(headers, HEADER);
        if (value == null) {
            return Optional.of(unsignedReason());
        }
        Long t = null;
        byte[] mac = null;
        try {
            for (String part : value.split(",")) {
                if (part.startsWith("t=")) {
                    t = Long.parseLong(part.substring(2));
                } else if (part.startsWith("v1=")) {
                    mac = Base64.getUrlDecoder().decode(part.substring(3));
                }
            }
        } catch (IllegalArgumentException e) {
            return Optional.of("bad_signature: header " + HEADER + " is malformed");
        }
        if (t == null || mac == null) {
            return Optional.of("bad_signature: header " + HEADER + " lacks t= or v1=");
        }
        if (!MessageDigest.isEqual(mac, mac(type, t, payload == null ? new byte[0] : payload))) {
            return Optional.of("bad_signature: the signature does not match the request (altered, or signed with"
                    + " another " + VARIABLE + ")");
        }
        Instant signedAt = Instant.ofEpochMilli(t);
        if (signedAt.isBefore(now.minus(MAX_AGE))) {
            return Optional.of("stale_signature: signed at " + signedAt + ", more than " + MAX_AGE.toHours()
                    + " h ago");
        }
        if (signedAt.isAfter(now.plus(MAX_SKEW))) {
            return Optional.of("stale_signature: signed at " + signedAt + ", in the future");
        }
        return Optional.empty();
    }

    /** The dead-letter reason of a request without signature. */
    public static String unsignedReason() {
        return "unsigned: the request has no " + HEADER + " header (every producer needs " + VARIABLE + ")";
    }

    private byte[] mac(String type, long t, byte[] payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            mac.update((PREFIX + (type == null ? "" : type) + "\n" + t + "\n").getBytes(StandardCharsets.UTF_8));
            mac.update(payload);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** HKDF-SHA256 (RFC 5869): extract, then expand to one block (32 bytes, the first block of the output). */
    static byte[] hkdf(byte[] secret, byte[] salt, byte[] info) {
        try {
            Mac extract = Mac.getInstance(ALGORITHM);
            extract.init(new SecretKeySpec(salt, ALGORITHM));
            byte[] prk = extract.doFinal(secret);
            Mac expand = Mac.getInstance(ALGORITHM);
            expand.init(new SecretKeySpec(prk, ALGORITHM));
            expand.update(info);
            expand.update((byte) 1);
            return expand.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
