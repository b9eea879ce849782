package com.textloom.backup.repository.storage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.minio.Signer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;

/**
 * What {@link InPlaceBodies} hands on for a PUT MinIO signed: over http the array signed chunk by chunk (the
 * endpoint need not hold it whole to authenticate it), over https as it is. The request goes through a real OkHttp
 * client whose last interceptor keeps it and answers 200 without a network.
 */
class InPlaceBodiesTest {
    private static final String ACCESS = "benchaccess";
    private static final String SECRET = "benchsecret123";
    private static final String AMZ_DATE = "20261204T214251Z";
    private static final ZonedDateTime DATE = ZonedDateTime.of(2026, 12, 4, 21, 42, 51, 0, ZoneOffset.UTC);
    private static final MediaType OCTETS = MediaType.get("application/octet-stream");
    private static final Pattern SIGNATURE = Pattern.compile("Signature=([0-9a-f]{64})");

    private final AtomicReference<Request> sent = new AtomicReference<>();
    private final InPlaceBodies bodies = new InPlaceBodies(ACCESS, SECRET);
    private final OkHttpClient client = new OkHttpClient.Builder()
            .addInterceptor(bodies)
            .addInterceptor(chain -> {
                sent.set(chain.request());
                return new Response.Builder()
                        .request(chain.request())
                        .protocol(Protocol.HTTP_1_1)
                        .code(200)
                        .message("OK")
                        .body(ResponseBody.create(new byte[0], null))
                        .build();
            })
            .build();

    @Test
    void overHttpAPackIsSignedAgainChunkByChunkWithTheSameDateRegionAndContentMd5() throws Exception {
        byte[] pack = new byte[3 * ChunkSignedBody.CHUNK + 12345];
        new Random(7).nextBytes(pack);
        Request signedWhole = asMinioSigns(
                "http", pack, hex(MessageDigest.getInstance("SHA-256").digest(pack)));

        Request request = put(signedWhole, "data/ab/pack", pack);

        assertEquals(ChunkSignedBody.STREAMING, request.header("x-amz-content-sha256"));
        assertEquals(Integer.toString(pack.length), request.header("x-amz-decoded-content-length"));
        assertEquals(signedWhole.header("Content-MD5"), request.header("Content-MD5"), "the server checks the MD5");
        assertEquals(AMZ_DATE, request.header("x-amz-date"));
        // the headers' signature is the one a server computes from them
        Request unsigned = request.newBuilder().removeHeader("Authorization").build();
        assertEquals(
                Signer.signV4S3(unsigned, "eu-west-9", ACCESS, SECRET, ChunkSignedBody.STREAMING)
                        .header("Authorization"),
                request.header("Authorization"));
        assertTrue(request.header("Authorization").contains("x-amz-decoded-content-length"), "a signed header");

        byte[] body = ChunkSignedBodyTest.written(request.body());
        assertEquals(request.body().contentLength(), body.length, "Content-Length is what is sent");
        Matcher seed = SIGNATURE.matcher(request.header("Authorization"));
        assertTrue(seed.find());
        assertArrayEquals(pack, decoded(body, seed.group(1)), "the chunks' data, each chunk's signature checked");
    }

    @Test
    void overHttpsTheUnsignedPayloadGoesAsItIs() throws Exception {
        byte[] pack = new byte[100_000];
        new Random(8).nextBytes(pack);
        Request asMinio = asMinioSigns("https", pack, "UNSIGNED-PAYLOAD");

        Request request = put(asMinio, "data/cd/pack", pack);

        assertEquals("UNSIGNED-PAYLOAD", request.header("x-amz-content-sha256"));
        assertEquals(asMinio.header("Authorization"), request.header("Authorization"));
        assertArrayEquals(pack, ChunkSignedBodyTest.written(request.body()));
    }

    private Request put(Request request, String key, byte[] pack) throws Exception {
        bodies.register(key, pack, pack.length);
        try (Response response = client.newCall(request).execute()) {
            assertEquals(200, response.code());
        } finally {
            bodies.release(key);
        }
        Request seen = sent.get();
        assertNotNull(seen);
        return seen;
    }

    /** A PUT of {@code pack} to bucket {@code b} with the headers and signature MinIO's client gives it. */
    private static Request asMinioSigns(String scheme, byte[] pack, String payloadHash) throws Exception {
        Request request = new Request.Builder()
                .url(scheme + "://127.0.0.1:9000/b/data/" + (scheme.equals("http") ? "ab" : "cd") + "/pack")
                .header("Host", "127.0.0.1:9000")
                .header("Content-Type", "application/octet-stream")
                .header(
                        "Content-MD5",
                        Base64.getEncoder()
                                .encodeToString(MessageDigest.getInstance("MD5").digest(pack)))
                .header("x-amz-content-sha256", payloadHash)
                .header("x-amz-date", AMZ_DATE)
                .put(RequestBody.create(pack, OCTETS))
                .build();
        return Signer.signV4S3(request, "eu-west-9", ACCESS, SECRET, payloadHash);
    }

    /** The data of an aws-chunked body, every chunk signature checked against the chain from {@code seed}. */
    private static byte[] decoded(byte[] body, String seed) throws Exception {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        String previous = seed;
        int at = 0;
        while (true) {
            int eol = indexOf(body, at);
            String header = new String(body, at, eol - at, StandardCharsets.US_ASCII);
            int size = Integer.parseInt(header.substring(0, header.indexOf(';')), 16);
            String signature = header.substring(header.indexOf("chunk-signature=") + 16);
            byte[] chunk = java.util.Arrays.copyOfRange(body, eol + 2, eol + 2 + size);
            String expected = Signer.getChunkSignature(
                    hex(MessageDigest.getInstance("SHA-256").digest(chunk)), DATE, "eu-west-9", SECRET, previous);
            assertEquals(expected, signature, "chunk at " + at);
            assertEquals('\r', body[eol + 2 + size]);
            assertEquals('\n', body[eol + 3 + size]);
            data.writeBytes(chunk);
            at = eol + 4 + size;
            previous = signature;
            if (size == 0) {
                assertEquals(body.length, at, "nothing after the empty last chunk");
                return data.toByteArray();
            }
        }
    }

    private static int indexOf(byte[] body, int from) {
        for (int i = from; i + 1 < body.length; i++) {
            if (body[i] == '\r' && body[i + 1] == '\n') {
                return i;
            }
        }
        throw new AssertionError("no CRLF after " + from);
    }

    private static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
