package com.textloom.backup.repository.storage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.minio.Signer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/**
 * {@link ChunkSignedBody} against the example AWS publishes for chunked uploads ("Signature Calculations for the
 * Authorization Header: Transferring Payload in Multiple Chunks", Example: PUT Object): 66 560 bytes of {@code a} in
 * 64 KiB chunks, whose seed, chunk signatures and Content-Length AWS gives.
 */
class ChunkSignedBodyTest {
    static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final ZonedDateTime DATE = ZonedDateTime.of(2013, 5, 24, 0, 0, 0, 0, ZoneOffset.UTC);
    static final String SEED = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";

    @Test
    void theBodyIsAwsExampleByteForByte() throws Exception {
        byte[] data = new byte[66560];
        Arrays.fill(data, (byte) 'a');
        ChunkSignedBody body = new ChunkSignedBody(
                data, data.length, null, new ChunkSignedBody.Seed(SEED, DATE, "us-east-1", SECRET_KEY));

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        chunk(expected, 65536, "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648");
        chunk(expected, 1024, "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497");
        chunk(expected, 0, "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9");

        assertEquals(66824, body.contentLength(), "AWS's Content-Length");
        assertArrayEquals(expected.toByteArray(), written(body));
        assertArrayEquals(expected.toByteArray(), written(body), "written again (a retry): the same bytes");
    }

    @Test
    void theSeedIsTheRequestSignedWithTheStreamingPayloadHash() throws Exception {
        // AWS's example request, signed the way InPlaceBodies signs one again
        Request request = new Request.Builder()
                .url("http://s3.amazonaws.com/examplebucket/chunkObject.txt")
                .header("Host", "s3.amazonaws.com")
                .header("x-amz-date", "20130524T000000Z")
                .header("x-amz-storage-class", "REDUCED_REDUNDANCY")
                .header("x-amz-content-sha256", ChunkSignedBody.STREAMING)
                .header("Content-Encoding", "aws-chunked")
                .header("x-amz-decoded-content-length", "66560")
                .header("Content-Length", "66824")
                .put(RequestBody.create(new byte[0], null))
                .build();
        Request signed = Signer.signV4S3(request, "us-east-1", ACCESS_KEY, SECRET_KEY, ChunkSignedBody.STREAMING);
        assertEquals(
                "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                        + "SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;"
                        + "x-amz-decoded-content-length;x-amz-storage-class, Signature=" + SEED,
                signed.header("Authorization"));
    }

    @Test
    void lengthsOnAChunkBoundaryAndEmptyBodiesAreFramedAsTheyAreWritten() throws Exception {
        for (int length :
                new int[] {0, 1, ChunkSignedBody.CHUNK - 1, ChunkSignedBody.CHUNK, 3 * ChunkSignedBody.CHUNK}) {
            ChunkSignedBody body = new ChunkSignedBody(
                    new byte[length], length, null, new ChunkSignedBody.Seed(SEED, DATE, "us-east-1", SECRET_KEY));
            assertEquals(body.contentLength(), written(body).length, "length " + length);
        }
    }

    static byte[] written(RequestBody body) throws Exception {
        Buffer sink = new Buffer();
        body.writeTo(sink);
        return sink.readByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, int size, String signature) {
        out.writeBytes((Integer.toHexString(size) + ";chunk-signature=" + signature + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        byte[] data = new byte[size];
        Arrays.fill(data, (byte) 'a');
        out.writeBytes(data);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
}
