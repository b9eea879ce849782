package com.textloom.backup.repository.crypto;

import com.textloom.backup.repository.CorruptBlobException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The repository's master key: a 32-byte AES-256-GCM encryption key and a 32-byte HMAC-SHA-256
 * id key (FORMAT.md §4, §5). Seals and opens boxes ({@code nonce ‖ ciphertext ‖ tag}) bound to
 * associated data, and computes blob ids. Thread-safe.
 */
public final class MasterKey {
    /** Bytes of a serialized master key. */
    public static final int SIZE = 64;
    /** Bytes of the nonce at the start of a sealed box. */
    public static final int NONCE = 12;
    /** Bytes a sealed box adds to its plaintext: nonce and tag. */
    public static final int OVERHEAD = NONCE + 16;

    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * Blobs from this size on (data chunks; the chunker's smallest average is 64 KiB) count towards the warm-up:
     * smaller ones are sealed or opened often enough for the JIT to compile their code on its own.
     */
    static final int WARM_UP_SIZE = 64 << 10;
    /**
     * Bytes of such blobs (as sealed: compressed) a run seals, or opens, cold before the warm-up starts. The
     * warm-up costs about 0.35 CPU-seconds (its thread and the compilations it causes) and cold AES-GCM about
     * 12 ms a MiB more than compiled, so it pays from about 30 MiB on: a 5 %-changed re-backup of the 1 GiB
     * benchmark workspace seals 13 MB and spent 10 % of its CPU on the warm-up (backup-repository README, "The
     * AES-GCM warm-up"); a run that seals more pays at most 16 MiB cold, about 0.2 CPU-seconds, 2 % of a
     * first backup of 1 GiB.
     */
    static final long WARM_UP_AFTER = 16L << 20;

    /**
     * Bytes of blobs of at least {@link #WARM_UP_SIZE} a run announces ({@link #expect}) it is about to seal, or
     * open, from which the warm-up starts at once: twice its break-even, as the announcement counts plaintext and
     * the break-even sealed bytes (the benchmark workspace compresses about 2:1).
     */
    static final long WARM_UP_AHEAD = 64L << 20;

    /** When each use's warm-up starts, by {@link Use#ordinal()}. */
    /**
     * Seals or opens of the warm-up: four times the calls after which C2 compiles a method under the CLI's
     * launcher ({@code -XX:Tier4InvocationThreshold=15000}, three times the JVM's default), as the threshold grows
     * with the compilers' queue; once compiled a round costs about a microsecond.
     */
    static final int WARM_UP_ROUNDS = 60_000;

    private static final WarmUpTrigger[] TRIGGERS = {new WarmUpTrigger(), new WarmUpTrigger()};

    private final byte[] raw;
    private volatile boolean destroyed;
    private final SecretKeySpec encKey;
    private final SecretKeySpec idKey;
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(MasterKey::newCipher);
    private final ThreadLocal<Mac> macs;

    private MasterKey(byte[] raw) {
        this.raw = raw.clone();
        this.encKey = new SecretKeySpec(raw, 0, 32, "AES");
        this.idKey = new SecretKeySpec(raw, 32, 32, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> Kdf.mac(idKey));
    }

    /** What a run does with its blobs, so what {@link #warmUp} gets compiled: sealing or opening. */
    public enum Use {
        /** Sealing and hashing new blobs (a backup, a copy, a repack). */
        SEAL,
        /** Opening blobs (a restore, a check with {@code --read-data}). */
        OPEN
    }

    /**
     * Gets the JIT to use the CPU's AES-GCM and SHA-256 instructions early. HotSpot swaps in its
     * GHASH, AES-CTR and SHA intrinsics only when it compiles the JDK code that calls them, which it
     * does after some thousands of calls; a repository seals and hashes a few hundred large blobs per
     * GiB, so a backup or restore otherwise runs the plain-Java fallback for its whole length
     * (measured on the 2-core benchmark machine: an 8 MiB seal took 100 ms cold, 19 ms with AES-CTR and
     * GHASH compiled, 2 ms once the AVX-512 GCM path is). So once a JVM has sealed (or opened)
     * {@link #WARM_UP_AFTER} bytes in blobs of at least {@link #WARM_UP_SIZE} bytes (the blob encoding
     * reports each with {@link Use#SEAL}, the blob reader with {@link Use#OPEN}), one low-priority daemon
     * thread seals and hashes, or opens, small throwaway data {@link #WARM_UP_ROUNDS} times with a random key that
     * is never stored. Each use is warmed once, and only the one the run does: a restore compiles no
     * sealing, nonce generation or HMAC for nothing, a backup no opening (measured 2026-12-05:
     * {@code GCMDecrypt.doFinal} was the longest C2 compilation of a restore). Not at key load, nor for
     * the first blob: a run that seals or opens only trees and metadata (an unchanged re-backup) or a few
     * MiB of data (a re-backup of a few changed files) has nothing to gain from it (measured 2026-12-03:
     * 0.3 of the 3.6 CPU-seconds of an unchanged re-backup of 1 GiB went to the warm-up thread alone).
     *
     * @param len the length of the blob (encoded) about to be sealed, or of the box about to be opened
     */
    public static void warmUp(Use use, int len) {
        if (TRIGGERS[use.ordinal()].cold(len)) {
            startWarmUp(use);
        }
    }

    /**
     * Announces that the run is about to seal, or open, blobs of about {@code bytes} (plaintext, in pieces of at
     * least {@link #WARM_UP_SIZE}): once a run has announced {@link #WARM_UP_AHEAD} bytes, the warm-up of
     * {@link #warmUp} starts at once instead of after {@link #WARM_UP_AFTER} bytes went through cold. A restore
     * knows the files it will write before it fetches a blob, and its fetch threads otherwise open the first
     * tens of MiB with the plain-Java GHASH while the JIT is still compiling (measured 2026-12-05: 0.8 s of a
     * loaded 1 GiB restore's fetch threads, four threads). Pieces shorter than {@link #WARM_UP_SIZE} are not
     * counted.
     */
    public static void expect(Use use, long bytes) {
        if (TRIGGERS[use.ordinal()].ahead(bytes)) {
            startWarmUp(use);
        }
    }

    private static void startWarmUp(Use use) {
        Thread t = new Thread(
                () -> {
                    MasterKey k = random();
                    Cipher c = newCipher();
                    byte[] plain = new byte[512];
                    byte[] box = seal(k.encKey, "warm-up", plain, 0, plain.length, c);
                    for (int i = 0; i < WARM_UP_ROUNDS; i++) {
                        if (use == Use.SEAL) {
                            box = seal(k.encKey, "warm-up", plain, 0, plain.length, c);
                            k.id(box, 0, box.length);
                        } else {
                            try {
                                open(k.encKey, "warm-up", box, 0, box.length, c);
                            } catch (AEADBadTagException e) {
                                throw new IllegalStateException("AES-GCM does not open what it sealed", e);
                            }
                        }
                    }
                },
                "aes-gcm-warm-up-" + use.name().toLowerCase(java.util.Locale.ROOT));
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** A new random master key. */
    public static MasterKey random() {
        byte[] raw = new byte[SIZE];
        RANDOM.nextBytes(raw);
        return new MasterKey(raw);
    }

    /** The master key from its 64 serialized bytes. */
    public static MasterKey fromBytes(byte[] raw) {
        if (raw.length != SIZE) {
            throw new IllegalArgumentException("a master key has 64 bytes, not " + raw.length);
        }
        return new MasterKey(raw);
    }

    /** A key built directly from 32 bytes used as AES key (key slot wrapping). */
    static SecretKeySpec aesKey(byte[] key32) {
        return new SecretKeySpec(key32, "AES");
    }

    /** The serialized key (only ever written sealed, into a key slot). */
    public byte[] toBytes() {
        if (destroyed) {
            throw new IllegalStateException("the master key of a closed repository");
        }
        return raw.clone();
    }

    /** The blob id: HMAC-SHA-256 of {@code len} bytes under the id key. */
    public byte[] id(byte[] data, int off, int len) {
        Mac mac = macs.get();
        mac.update(data, off, len);
        return mac.doFinal();
    }

    /** Seals {@code len} bytes with associated data {@code aad}. */
    public byte[] seal(String aad, byte[] plain, int off, int len) {
        return seal(encKey, aad, plain, off, len, ciphers.get());
    }

    /**
     * Seals in place the {@code len} bytes of plaintext at {@code buf[off + NONCE]}: the nonce is
     * written in front of them, the ciphertext over them and the tag after them, so the box is
     * {@code buf[off, off + len + OVERHEAD)}, the same bytes {@link #seal} returns for this
     * plaintext and nonce. No array is allocated for the box (a pack's blobs are sealed straight
     * into the pack's buffer).
     *
     * @return the length of the box
     */
    public int sealInPlace(String aad, byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len + OVERHEAD, buf.length);
        sealTo(encKey, aad, buf, off + NONCE, len, buf, off, ciphers.get());
        return len + OVERHEAD;
    }

    /**
     * Opens a sealed box.
     *
     * @throws CorruptBlobException naming {@code what} / {@code pack} when authentication fails
     */
    public byte[] open(String aad, byte[] box, int off, int len, String what, String pack) throws CorruptBlobException {
        try {
            return open(encKey, aad, box, off, len, ciphers.get());
        } catch (AEADBadTagException e) {
            throw new CorruptBlobException(what, pack, "authentication failed (changed, truncated or misplaced)");
        }
    }

    static byte[] seal(SecretKeySpec key, String aad, byte[] plain, int off, int len, Cipher c) {
        byte[] out = new byte[len + OVERHEAD];
        sealTo(key, aad, plain, off, len, out, 0, c);
        return out;
    }

    /**
     * Writes the box of {@code plain[off, off + len)} to {@code out[outOff, outOff + len + OVERHEAD)}.
     * The plaintext may be where the box's ciphertext goes ({@code plain == out}, {@code off ==
     * outOff + NONCE}): AES-GCM then encrypts in place (an input before its output would make the
     * JDK copy the whole array).
     */
    private static void sealTo(
            SecretKeySpec key, String aad, byte[] plain, int off, int len, byte[] out, int outOff, Cipher c) {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        System.arraycopy(nonce, 0, out, outOff, NONCE);
        try {
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            int n = c.doFinal(plain, off, len, out, outOff + NONCE);
            if (n != len + 16) {
                throw new IllegalStateException("AES-GCM produced " + n + " bytes for " + len);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    static byte[] open(SecretKeySpec key, String aad, byte[] box, int off, int len, Cipher c)
            throws AEADBadTagException {
        if (len < OVERHEAD) {
            throw new AEADBadTagException("sealed box of " + len + " bytes is too short");
        }
        try {
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, box, off, 12));
            c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(box, off + 12, len - 12);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is not available", e);
        }
    }

    /**
     * Overwrites the serialized copy of the key held by this object; {@link #toBytes()} throws
     * afterwards (it would hand out zeros). Sealing, opening and ids keep working: they use their
     * own copies of the two halves. Idempotent.
     */
    public void destroy() {
        destroyed = true;
        Arrays.fill(raw, (byte) 0);
    }

    @Override
    public String toString() {
        return "MasterKey[hidden]";
    }
}
