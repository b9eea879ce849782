package com.textloom.backup.repository.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/** Key derivation: HKDF-SHA-256 (RFC 5869) and PBKDF2-HMAC-SHA-256. */
public final class Kdf {
    private Kdf() {}

    /** HKDF-SHA-256 extract-then-expand to {@code length} bytes (at most 32 * 255). */
    public static byte[] hkdf(byte[] ikm, byte[] salt, String info, int length) {
        return hkdf(ikm, salt, info.getBytes(StandardCharsets.UTF_8), length);
    }

    /** HKDF-SHA-256 with binary info. */
    public static byte[] hkdf(byte[] ikm, byte[] salt, byte[] infoBytes, int length) {
        Mac extract = mac(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
        byte[] prk = extract.doFinal(ikm);
        Mac expand = mac(new SecretKeySpec(prk, "HmacSHA256"));
        byte[] out = new byte[length];
        byte[] t = new byte[0];
        int pos = 0;
        for (int i = 1; pos < length; i++) {
            expand.update(t);
            expand.update(infoBytes);
            expand.update((byte) i);
            t = expand.doFinal();
            int n = Math.min(t.length, length - pos);
            System.arraycopy(t, 0, out, pos, n);
            pos += n;
        }
        return out;
    }

    /** PBKDF2-HMAC-SHA-256 of a passphrase (UTF-8) to 32 bytes. */
    public static byte[] pbkdf2(char[] passphrase, byte[] salt, int iterations) {
        try {
            SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            PBEKeySpec spec = new PBEKeySpec(passphrase, salt, iterations, 256);
            try {
                return f.generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        }
    }

    static Mac mac(SecretKeySpec key) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** HMAC-SHA-256 of {@code data} under {@code key}. */
    public static byte[] hmac(byte[] key, byte[] data) {
        return mac(new SecretKeySpec(key, "HmacSHA256")).doFinal(data);
    }
}
