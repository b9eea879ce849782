package com.textloom.backup.repository.storage.s3;

import io.minio.Signer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * The body of a PUT signed chunk by chunk ({@code x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD},
 * AWS Signature Version 4 "chunked upload"), over an array sent in place.
 *
 * <p>Each chunk of {@link #CHUNK} bytes (the last one shorter, then an empty one) goes out as
 * {@code hex(size);chunk-signature=SIG\r\n DATA \r\n}, where {@code SIG} signs the SHA-256 of its data and the
 * previous chunk's signature, the first chunk's the request's own (the seed): the endpoint can authenticate every
 * chunk as it arrives and write it on, where a payload signed whole (its SHA-256 in the request's headers) has to be
 * held whole by an endpoint before it can authenticate it. The guarantee is the same (the bytes stored are the bytes
 * signed, in their order, no chunk added or left out); restic's client (minio-go) sends its packs so.
 *
 * <p>The chunk signatures are computed while the body is written, so a body written twice (a retry) is the same
 * bytes. Nothing is copied: the data go out a chunk at a time from the caller's array.
 */
final class ChunkSignedBody extends RequestBody {
    /** The value of {@code x-amz-content-sha256} that announces this body. */
    static final String STREAMING = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    /** Bytes of data per chunk: 64 KiB, as AWS recommends (at least 8 KiB but for the last). */
    static final int CHUNK = 64 << 10;

    private static final int SIGNATURE_HEX = 64;
    private static final byte[] CRLF = {'\r', '\n'};

    private final byte[] data;
    private final int length;
    private final MediaType type;
    private final Seed seed;

    /**
     * What signs the chunks: the request's signature, its date and region, and the secret key.
     *
     * @param signature the request's own signature (of its headers, with {@link #STREAMING} as payload hash)
     */
    record Seed(String signature, ZonedDateTime date, String region, String secretKey) {
        @Override
        public String toString() { // never the secret
            return "Seed[" + signature + ", " + date + ", " + region + "]";
        }
    }

    ChunkSignedBody(byte[] data, int length, MediaType type, Seed seed) {
        this.data = data;
        this.length = length;
        this.type = type;
        this.seed = seed;
    }

    /** The bytes sent for {@code decoded} bytes of data: each chunk's framing, the data, the empty last chunk. */
    static long encodedLength(long decoded) {
        long full = decoded / CHUNK;
        int rest = (int) (decoded % CHUNK);
        long framed = full * framing(CHUNK) + decoded + framing(0);
        return rest == 0 ? framed : framed + framing(rest);
    }

    /** {@code hex(size)}, {@code ;chunk-signature=}, the signature and two CRLFs. */
    private static int framing(int size) {
        return Integer.toHexString(size).length() + ";chunk-signature=".length() + SIGNATURE_HEX + 4;
    }

    @Override
    public MediaType contentType() {
        return type;
    }

    @Override
    public long contentLength() {
        return encodedLength(length);
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
        MessageDigest sha256 = sha256();
        String previous = seed.signature();
        int off = 0;
        do {
            int n = Math.min(CHUNK, length - off);
            sha256.update(data, off, n);
            previous = sign(HexFormat.of().formatHex(sha256.digest()), previous);
            sink.write((Integer.toHexString(n) + ";chunk-signature=" + previous).getBytes(StandardCharsets.US_ASCII));
            sink.write(CRLF);
            sink.write(data, off, n);
            sink.write(CRLF);
            off += n;
            if (n == 0) {
                return;
            }
        } while (true);
    }

    /** The signature of a chunk whose data hash to {@code chunkSha256}, after the one signed {@code previous}. */
    private String sign(String chunkSha256, String previous) throws IOException {
        try {
            return Signer.getChunkSignature(chunkSha256, seed.date(), seed.region(), seed.secretKey(), previous);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot sign a chunk of the upload: " + e.getMessage(), e);
        }
    }

    private static MessageDigest sha256() throws IOException {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IOException("no SHA-256 in this JVM", e);
        }
    }
}
