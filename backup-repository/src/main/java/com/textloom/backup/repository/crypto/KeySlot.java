package com.textloom.backup.repository.crypto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.textloom.backup.repository.KeySource;
import com.textloom.backup.repository.RepositoryException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;

/**
 * A key slot {@code keys/<id>}: the master key wrapped by a key-encryption key derived from a
 * {@link KeySource} (FORMAT.md §3).
 *
 * @param salt 32 random bytes, base64 in JSON
 * @param wrapped the sealed master key, base64 in JSON
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeySlot(
        int version,
        String kind,
        String kdf,
        int iterations,
        String salt,
        String created,
        String host,
        String label,
        String wrapped) {

    private static final String INFO = "textloom-backup key slot v1";
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Wraps {@code master} for {@code source} into a new slot named {@code id}. */
    public static KeySlot create(String id, KeySource source, MasterKey master, String host, String label) {
        byte[] salt = new byte[32];
        new SecureRandom().nextBytes(salt);
        String kind = source.kind().name().toLowerCase(Locale.ROOT);
        String kdf = source.kind() == KeySource.Kind.PASSPHRASE ? "pbkdf2-hmac-sha256" : "hkdf-sha256";
        int iterations = source.kind() == KeySource.Kind.PASSPHRASE ? source.iterations() : 0;
        byte[] kek = deriveKek(source, kdf, salt, iterations);
        byte[] raw = master.toBytes();
        try {
            byte[] box = MasterKey.seal(MasterKey.aesKey(kek), aad(id), raw, 0, raw.length, MasterKey.newCipher());
            Base64.Encoder b64 = Base64.getEncoder();
            return new KeySlot(
                    1,
                    kind,
                    kdf,
                    iterations,
                    b64.encodeToString(salt),
                    Instant.now().toString(),
                    host,
                    label == null ? "" : label,
                    b64.encodeToString(box));
        } finally {
            Arrays.fill(kek, (byte) 0);
            Arrays.fill(raw, (byte) 0);
        }
    }

    /**
     * Unwraps the master key with {@code source}, or empty when the source does not open this
     * slot (other kind, or wrong key).
     */
    public Optional<MasterKey> unwrap(String id, KeySource source) throws RepositoryException {
        if (version != 1) {
            throw new RepositoryException("key slot " + id + " has unknown version " + version);
        }
        if (!kind.equals(source.kind().name().toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        byte[] kek = deriveKek(source, kdf, Base64.getDecoder().decode(salt), iterations);
        byte[] box = Base64.getDecoder().decode(wrapped);
        Cipher c = MasterKey.newCipher();
        try {
            byte[] raw = MasterKey.open(MasterKey.aesKey(kek), aad(id), box, 0, box.length, c);
            try {
                return Optional.of(MasterKey.fromBytes(raw));
            } finally {
                Arrays.fill(raw, (byte) 0);
            }
        } catch (AEADBadTagException wrongKey) {
            return Optional.empty();
        } finally {
            Arrays.fill(kek, (byte) 0);
        }
    }

    private static byte[] deriveKek(KeySource source, String kdf, byte[] salt, int iterations) {
        switch (kdf) {
            case "hkdf-sha256": {
                byte[] ikm = source.kind() == KeySource.Kind.NONE ? new byte[32] : source.secret();
                try {
                    return Kdf.hkdf(ikm, salt, INFO, 32);
                } finally {
                    Arrays.fill(ikm, (byte) 0);
                }
            }
            case "pbkdf2-hmac-sha256": {
                byte[] utf8 = source.secret();
                char[] chars = new String(utf8, StandardCharsets.UTF_8).toCharArray();
                try {
                    return Kdf.pbkdf2(chars, salt, iterations);
                } finally {
                    Arrays.fill(chars, '\0');
                    Arrays.fill(utf8, (byte) 0);
                }
            }
            default:
                throw new IllegalArgumentException("unknown key derivation '" + kdf + "'");
        }
    }

    private static String aad(String id) {
        return "textloom-key:v1:keys/" + id;
    }

    /** The slot's JSON file content. */
    public byte[] toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a slot file. */
    public static KeySlot parse(String id, byte[] json) throws RepositoryException {
        KeySlot s;
        try {
            s = JSON.readValue(json, KeySlot.class);
        } catch (IOException e) {
            throw new RepositoryException("key slot " + id + " is not valid JSON: " + e.getMessage(), e);
        }
        if (s.kind == null || s.kdf == null || s.salt == null || s.wrapped == null) {
            throw new RepositoryException("key slot " + id + " misses required fields");
        }
        return s;
    }
}
