package com.textloom.backup.support.messaging;

import com.textloom.backup.events.BackupRequested;
import com.textloom.backup.events.DrillRequested;
import com.textloom.backup.events.RecoveryRequested;
import com.textloom.backup.events.RestoreRequested;
import com.textloom.backup.events.RetentionRequested;
import com.textloom.backup.events.StorageSwitchRequested;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.events.VerifyRequested;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Signs and checks requests on Kafka (the commands of the suite: {@link BackupRequested}, {@link RestoreRequested},
 * {@link VerifyRequested}, {@link RetentionRequested}, {@link StorageSwitchRequested}, {@link RecoveryRequested},
 * {@link DrillRequested}), so that being able to write to {@code textloom.backup.requests} is not enough to restore
 * over live data, forget backups or move them to another store.
 *
 * <p>The guarantee: a record whose {@value #HEADER} header {@link #verify verifies} was written by a holder of the
 * shared secret {@code BACKUP_EVENT_SIGNING_KEY} (or, during a rotation, of the one before it,
 * {@code BACKUP_EVENT_SIGNING_KEY_PREVIOUS}), with exactly this CloudEvents type and these payload bytes (which hold
 * the request id), at most {@link #MAX_AGE} before it is checked. Neither payload, type nor time can be changed
 * without the signature failing.
 * <ul>
 *   <li>Header {@value #HEADER}: {@code t=<epoch milliseconds>,kid=<key id>,v1=<base64url of the MAC, no padding>}.
 *       Signatures from before key ids lack {@code kid=}; they are checked against every accepted key (two at
 *       most).</li>
 *   <li>MAC: HMAC-SHA256 over the UTF-8 bytes of {@code "textloom-request-v1\n" + ce_type + "\n" + t + "\n"}
 *       followed by the record's value bytes exactly as sent (the event's JSON, with its {@code request_id}).</li>
 *   <li>Key: HKDF-SHA256 (RFC 5869) of the UTF-8 bytes of {@code BACKUP_EVENT_SIGNING_KEY}, salt
 *       {@value #SALT}, info {@value #INFO}, 32 bytes; the secret itself never keys a MAC, and the derived
 *       key is for this use only.</li>
 *   <li>Key id ({@link #keyId}): the first 6 bytes, base64url (8 characters), of HKDF-SHA256 of the same secret
 *       with info {@value #KEY_ID_INFO}: it tells the verifier which key signed, reveals nothing of either key,
 *       and is safe to log.</li>
 *   <li>Rotation: signatures are always made with the current key; the previous key only verifies. An operator
 *       rotating the key gives the old one to {@code BACKUP_EVENT_SIGNING_KEY_PREVIOUS} (so requests still on the
 *       topic, or produced by a service not yet restarted, run) and removes it once every service signs with the
 *       new one and {@link #MAX_AGE} has passed (backup-manager's README: "Rotating the signing key").</li>
 *   <li>Replay: a signature older than {@link #MAX_AGE} or more than {@link #MAX_SKEW} in the future is refused;
 *       within that window a replayed record carries the request id of one already taken, which the manager
 *       recognises and does not run twice.</li>
 * </ul>
 * Every producer of the suite signs: SmallRye channels through {@link SuiteEventSerializer} (which signs
 * every request it writes when the key is set), plain producers through {@link CloudEventRecords#record}
 * with a signature. Comparison is constant-time. Neither secret nor derived key is ever logged (key ids may be).
 * Immutable and thread-safe.
 */
public final class RequestSignature {

    /** The record header carrying the signature. */
    public static final String HEADER = "textloom-signature";
    /** The variable holding the shared secret. */
    public static final String VARIABLE = "BACKUP_EVENT_SIGNING_KEY";
    /** The variable holding the secret before the last rotation: accepted for verification only, never signs. */
    public static final String PREVIOUS_VARIABLE = "BACKUP_EVENT_SIGNING_KEY_PREVIOUS";
    /** How old a signature may be when checked. */
    public static final Duration MAX_AGE = Duration.ofHours(24);
    /** How far in the future (clock skew between hosts) a signature may lie. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(5);

    static final String SALT = "textloom-backup";
    static final String INFO = "textloom-backup request signing v1";
    static final String KEY_ID_INFO = "textloom-backup request signing key id v1";
    private static final String PREFIX = "textloom-request-v1\n";
    private static final String ALGORITHM = "HmacSHA256";

    /** One secret's MAC key and the id naming it. */
    private record Key(byte[] mac, String id) {
        static Key of(String secret, String variable) {
            if (secret == null || secret.isBlank() || secret.strip().length() < 16) {
                throw new IllegalArgumentException(
                        variable + " must be at least 16 characters (e.g. 32 random bytes," + " base64)");
            }
            byte[] ikm = secret.strip().getBytes(StandardCharsets.UTF_8);
            byte[] salt = SALT.getBytes(StandardCharsets.UTF_8);
            byte[] id = Arrays.copyOf(hkdf(ikm, salt, KEY_ID_INFO.getBytes(StandardCharsets.UTF_8)), 6);
            return new Key(
                    hkdf(ikm, salt, INFO.getBytes(StandardCharsets.UTF_8)),
                    Base64.getUrlEncoder().withoutPadding().encodeToString(id));
        }
    }

    /** The current key first (the one that signs), then the previous one when set. */
    private final List<Key> accepted;

    private RequestSignature(List<Key> accepted) {
        this.accepted = List.copyOf(accepted);
    }

    /**
     * The signature of the shared secret {@code secret}.
     *
     * @throws IllegalArgumentException when the secret is blank or shorter than 16 characters
     */
    public static RequestSignature of(String secret) {
        return of(secret, null);
    }

    /**
     * The signature of the shared secret {@code secret} that also accepts what was signed with {@code previous}
     * (the secret before a rotation), without ever signing with it.
     *
     * @param previous the secret before the last rotation, or null (or blank) for none
     * @throws IllegalArgumentException when a secret is shorter than 16 characters (naming its variable)
     */
    public static RequestSignature of(String secret, String previous) {
        List<Key> keys = new ArrayList<>();
        keys.add(Key.of(secret, VARIABLE));
        if (previous != null && !previous.isBlank() && !previous.strip().equals(secret.strip())) {
            keys.add(Key.of(previous, PREVIOUS_VARIABLE));
        }
        return new RequestSignature(keys);
    }

    /**
     * The signature of the configured {@value #VARIABLE} (environment, {@code .env.backup}, or the property
     * {@code backup.event-signing-key}) also accepting {@value #PREVIOUS_VARIABLE} (property
     * {@code backup.event-signing-key-previous}), or empty when no key is set.
     *
     * @throws IllegalArgumentException when a key is too short, or a previous key is set without a current one
     */
    public static Optional<RequestSignature> configured() {
        Config config = ConfigProvider.getConfig();
        Optional<String> secret = setting(config, "backup.event-signing-key", VARIABLE);
        Optional<String> previous = setting(config, "backup.event-signing-key-previous", PREVIOUS_VARIABLE);
        if (secret.isEmpty() && previous.isPresent()) {
            throw new IllegalArgumentException(PREVIOUS_VARIABLE + " is set but " + VARIABLE + " is not: the previous"
                    + " key only verifies; set the new key in " + VARIABLE);
        }
        return secret.map(s -> of(s, previous.orElse(null)));
    }

    private static Optional<String> setting(Config config, String property, String variable) {
        return config.getOptionalValue(property, String.class)
                .or(() -> config.getOptionalValue(variable, String.class))
                .filter(s -> !s.isBlank());
    }

    /** Whether {@code event} is a request (a command some service carries out), which producers sign. */
    public static boolean isRequest(SuiteEvent event) {
        return event instanceof BackupRequested
                || event instanceof RestoreRequested
                || event instanceof VerifyRequested
                || event instanceof RetentionRequested
                || event instanceof StorageSwitchRequested
                || event instanceof RecoveryRequested
                || event instanceof DrillRequested;
    }

    /** The id of the key that signs (the current one): safe to log, names the key without revealing it. */
    public String keyId() {
        return accepted.get(0).id();
    }

    /** The id of the previous key accepted for verification, or empty when none is set. */
    public Optional<String> previousKeyId() {
        return accepted.size() > 1 ? Optional.of(accepted.get(1).id()) : Optional.empty();
    }

    /** Adds the {@value #HEADER} header for a record of type {@code type} with value {@code payload}, signed now. */
    public void sign(Headers headers, String type, byte[] payload, Instant now) {
        headers.remove(HEADER);
        headers.add(HEADER, headerValue(type, payload, now).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The value of the {@value #HEADER} header for {@code type} and {@code payload} signed at {@code at} with the
     * current key.
     */
    public String headerValue(String type, byte[] payload, Instant at) {
        long t = at.toEpochMilli();
        Key key = accepted.get(0);
        return "t=" + t + ",kid=" + key.id() + ",v1="
                + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(key, type, t, payload));
    }

    /**
     * Checks the signature of a record against the current key or, during a rotation, the previous one: the key
     * its {@code kid=} names, or each of them for a signature without key id.
     *
     * @param headers the record's headers ({@value #HEADER}), may be null
     * @param type    the record's {@code ce_type}
     * @param payload the record's value bytes as received
     * @return empty when the signature is valid and fresh, else the reason it is refused (a dead-letter reason:
     *         {@code unsigned: ...}, {@code bad_signature: ...}, {@code stale_signature: ...}); a reason names key
     *         ids, never a key
     */
    public Optional<String> verify(Headers headers, String type, byte[] payload, Instant now) {
        String value = CloudEventRecords.header(headers, HEADER);
        if (value == null) {
            return Optional.of(unsignedReason());
        }
        Long t = null;
        String kid = null;
        byte[] mac = null;
        try {
            for (String part : value.split(",")) {
                if (part.startsWith("t=")) {
                    t = Long.parseLong(part.substring(2));
                } else if (part.startsWith("kid=")) {
                    kid = part.substring(4);
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
        String signedBy = kid;
        List<Key> candidates = kid == null
                ? accepted
                : accepted.stream().filter(k -> k.id().equals(signedBy)).toList();
        if (candidates.isEmpty()) {
            return Optional.of("bad_signature: signed with a key this service does not accept (key id " + kid
                    + "; accepted: " + acceptedIds() + "): " + VARIABLE + " differs between services, or the key"
                    + " was rotated and the old one is not in " + PREVIOUS_VARIABLE);
        }
        byte[] body = payload == null ? new byte[0] : payload;
        long signedAtMillis = t;
        byte[] given = mac;
        if (candidates.stream().noneMatch(k -> MessageDigest.isEqual(given, mac(k, type, signedAtMillis, body)))) {
            return Optional.of("bad_signature: the signature does not match the request (altered, or signed with"
                    + " another " + VARIABLE + "; accepted key ids: " + acceptedIds() + ")");
        }
        Instant signedAt = Instant.ofEpochMilli(t);
        if (signedAt.isBefore(now.minus(MAX_AGE))) {
            return Optional.of(
                    "stale_signature: signed at " + signedAt + ", more than " + MAX_AGE.toHours() + " h ago");
        }
        if (signedAt.isAfter(now.plus(MAX_SKEW))) {
            return Optional.of("stale_signature: signed at " + signedAt + ", in the future");
        }
        return Optional.empty();
    }

    private String acceptedIds() {
        return keyId() + " (" + VARIABLE + ")"
                + previousKeyId()
                        .map(id -> ", " + id + " (" + PREVIOUS_VARIABLE + ")")
                        .orElse("");
    }

    /** The dead-letter reason of a request without signature. */
    public static String unsignedReason() {
        return "unsigned: the request has no " + HEADER + " header (every producer needs " + VARIABLE + ")";
    }

    private static byte[] mac(Key key, String type, long t, byte[] payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key.mac(), ALGORITHM));
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
