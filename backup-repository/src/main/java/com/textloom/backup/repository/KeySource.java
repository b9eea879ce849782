package com.textloom.backup.repository;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What opens a key slot of a repository: a 32-byte key ({@code BACKUP_ENCRYPTION_KEY}, the
 * guide's Fernet-style url-safe base64 key), a passphrase, or nothing (encryption disabled).
 *
 * <p>A key is stretched with HKDF-SHA-256, a passphrase with PBKDF2-HMAC-SHA-256
 * ({@value #DEFAULT_PBKDF2_ITERATIONS} iterations unless given), each with the slot's own salt
 * (FORMAT.md, "Keys"). {@link #unencrypted()} opens a slot wrapped with a well-known key: the data
 * is still checked for accidental damage but is readable by anyone holding the storage.
 * {@link #toString()} never shows the secret.
 */
public final class KeySource {
    /** PBKDF2 iterations for new passphrase slots (OWASP 2023 figure for PBKDF2-HMAC-SHA-256). */
    public static final int DEFAULT_PBKDF2_ITERATIONS = 600_000;

    /** How a key source's secret is turned into a key-encryption key. */
    public enum Kind {
        /** 32 random bytes, HKDF-SHA-256. */
        KEY,
        /** A human passphrase, PBKDF2-HMAC-SHA-256. */
        PASSPHRASE,
        /** Encryption disabled: a well-known key; authenticates against accidents only. */
        NONE
    }

    private final Kind kind;
    private final byte[] secret;
    private final int iterations;

    private KeySource(Kind kind, byte[] secret, int iterations) {
        this.kind = kind;
        this.secret = secret;
        this.iterations = iterations;
    }

    /**
     * A key given as url-safe (or standard) base64 of exactly 32 bytes, as the guide's
     * {@code Fernet.generate_key()} prints it.
     *
     * @throws IllegalArgumentException if it is not base64 of 32 bytes (the message never echoes it)
     */
    public static KeySource key(String base64Key) {
        byte[] raw = decodeKey(base64Key);
        if (raw == null) {
            throw new IllegalArgumentException(
                    "BACKUP_ENCRYPTION_KEY is not url-safe base64 of 32 bytes (generate one with "
                            + "'textloom-backup repo key generate' or Fernet.generate_key())");
        }
        return new KeySource(Kind.KEY, raw, 0);
    }

    /**
     * True for a key whose 32 bytes are all the same (the all-zero {@code AAAA...A=} of a placeholder): no secret
     * at all. {@link Repository#init} and {@link Repository#addKey} refuse it; an existing slot still opens.
     */
    public boolean isPlaceholder() {
        if (kind != Kind.KEY) {
            return false;
        }
        for (byte b : secret) {
            if (b != secret[0]) {
                return false;
            }
        }
        return true;
    }

    /** A passphrase; new slots use {@value #DEFAULT_PBKDF2_ITERATIONS} PBKDF2 iterations. */
    public static KeySource passphrase(char[] passphrase) {
        return passphrase(passphrase, DEFAULT_PBKDF2_ITERATIONS);
    }

    /** A passphrase with the iteration count used when this source creates a slot (tests lower it). */
    public static KeySource passphrase(char[] passphrase, int iterations) {
        Objects.requireNonNull(passphrase, "passphrase");
        if (passphrase.length == 0) {
            throw new IllegalArgumentException("the passphrase is empty");
        }
        if (iterations < 1000) {
            throw new IllegalArgumentException("PBKDF2 iterations must be at least 1000: " + iterations);
        }
        byte[] utf8 = new String(passphrase).getBytes(StandardCharsets.UTF_8);
        return new KeySource(Kind.PASSPHRASE, utf8, iterations);
    }

    /**
     * The value of {@code BACKUP_ENCRYPTION_KEY}: a key when it is base64 of 32 bytes, otherwise a
     * passphrase.
     */
    public static KeySource fromValue(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("BACKUP_ENCRYPTION_KEY is empty");
        }
        return decodeKey(value) != null ? key(value) : passphrase(value.toCharArray());
    }

    /**
     * From the environment: {@code BACKUP_ENCRYPTION_ENABLED=false} (or {@code no}, {@code off},
     * {@code 0}: every "false" the suite's boolean variables accept, as {@code RepositoryOptions} reads
     * {@code BACKUP_COMPRESSION_ENABLED}) gives {@link #unencrypted()}, otherwise
     * {@code BACKUP_ENCRYPTION_KEY} is required.
     */
    public static KeySource fromEnvironment(Map<String, String> env) {
        String enabled =
                env.getOrDefault("BACKUP_ENCRYPTION_ENABLED", "true").trim().toLowerCase(Locale.ROOT);
        if (Set.of("false", "no", "off", "0").contains(enabled)) {
            return unencrypted();
        }
        String value = env.get("BACKUP_ENCRYPTION_KEY");
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("BACKUP_ENCRYPTION_KEY is not set (set it, or set "
                    + "BACKUP_ENCRYPTION_ENABLED=false to store data readable by anyone with the storage)");
        }
        return fromValue(value);
    }

    /** Encryption disabled (BACKUP_ENCRYPTION_ENABLED=false): see the class comment. */
    public static KeySource unencrypted() {
        return new KeySource(Kind.NONE, new byte[0], 0);
    }

    /** A new random key, url-safe base64 with padding (44 characters), like Fernet.generate_key(). */
    public static String generateKey() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return Base64.getUrlEncoder().encodeToString(raw);
    }

    public Kind kind() {
        return kind;
    }

    /** A copy of the secret bytes (the raw key, or the UTF-8 passphrase). */
    public byte[] secret() {
        return secret.clone();
    }

    /** PBKDF2 iterations for a new passphrase slot (0 for other kinds). */
    public int iterations() {
        return iterations;
    }

    private static byte[] decodeKey(String value) {
        String v = value.trim();
        for (Base64.Decoder d : new Base64.Decoder[] {Base64.getUrlDecoder(), Base64.getDecoder()}) {
            try {
                byte[] raw = d.decode(v);
                if (raw.length == 32) {
                    return raw;
                }
            } catch (IllegalArgumentException notBase64) {
                // try the next alphabet
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "KeySource[" + kind + "]";
    }
}
