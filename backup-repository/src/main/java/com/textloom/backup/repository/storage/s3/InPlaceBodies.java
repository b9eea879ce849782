package com.textloom.backup.repository.storage.s3;

import io.minio.Signer;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;

/**
 * Sends the array of a PUT in place, a slice at a time. MinIO's {@code byte[]} body is written by
 * OkHttp with one {@code BufferedSink.write(byte[], 0, n)}, which copies the whole array into Okio's
 * buffer before the first byte goes out: a second copy of every pack for as long as the endpoint
 * takes to read it (backup-repository README, "Peak RSS of an S3 backup"). An OkHttp interceptor of
 * the store's own HTTP client (public OkHttp API only, nothing in MinIO's package) swaps that body,
 * after MinIO signed the request, for one over the same bytes: the same length, content type and
 * bytes, so the signature (the SHA-256 over http) and the {@code Content-MD5} MinIO computed from the
 * array stay valid, and the server still checks that MD5 against what it received.
 *
 * <p>Over http MinIO signs the array's SHA-256 whole, which makes an endpoint hold the whole body before it can
 * authenticate it (S3Proxy reads it into one array: 2.6 times restic's server CPU for the same backup, see the
 * README, "S3 uploads signed chunk by chunk"). Such a PUT is signed again, chunk by chunk ({@link ChunkSignedBody},
 * as restic's client sends its packs), with the same date, region and keys: the same guarantee, every chunk
 * authenticated as it arrives, and the {@code Content-MD5} of the whole still checked by the server. Over https MinIO
 * signs no payload ({@code UNSIGNED-PAYLOAD}, TLS protects it) and the PUT goes as it is.
 *
 * <p>{@link ArrayPutClient} registers an array under its object name for the time of its PUT only; a
 * PUT whose path names a registered object and whose body has the registered length gets the array
 * body. While two puts of one name overlap neither is sent in place (a request cannot tell which of
 * them it is): the name stays registered, without an array, until both returned.
 */
final class InPlaceBodies implements Interceptor {
    /** Bytes handed to the sink at a time: it copies them into its buffer and sends them at once. */
    static final int SLICE = 64 << 10;

    /** The array of a name, null while several puts of that name are under way, and how many. */
    private record Entry(ArrayBody body, int puts) {}

    private static final String PAYLOAD_HASH = "x-amz-content-sha256";
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    /** The region of {@code Credential=KEY/DATE/REGION/s3/aws4_request}, and the signature. */
    private static final Pattern SCOPE = Pattern.compile("Credential=[^,]*?/\\d{8}/([^/,]+)/s3/aws4_request");

    private static final Pattern SIGNATURE = Pattern.compile("Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private final ConcurrentHashMap<String, Entry> bodies = new ConcurrentHashMap<>();
    private final String accessKey;
    private final String secretKey;

    /** With the keys MinIO signs with, to sign a PUT again chunk by chunk. */
    InPlaceBodies(String accessKey, String secretKey) {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /**
     * Registers the PUT of {@code object} from {@code data[0, length)}, or of a stream when {@code data} is
     * null (which no PUT of that name then takes for its own); {@link #release} it once returned.
     */
    void register(String object, byte[] data, int length) {
        Entry own = new Entry(data == null ? null : new ArrayBody(data, length), 1);
        bodies.merge(object, own, (e, n) -> new Entry(null, e.puts() + 1));
    }

    void release(String object) {
        bodies.computeIfPresent(object, (k, e) -> e.puts() == 1 ? null : new Entry(null, e.puts() - 1));
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        RequestBody body = request.body();
        if (body != null && "PUT".equals(request.method()) && !bodies.isEmpty()) {
            ArrayBody inPlace = find(request.url().pathSegments());
            if (inPlace != null && body.contentLength() == inPlace.length) {
                Request chunked = chunkSigned(request, inPlace, body.contentType());
                return chain.proceed(
                        chunked != null
                                ? chunked
                                : request.newBuilder()
                                        .put(inPlace.typed(body.contentType()))
                                        .build());
            }
        }
        return chain.proceed(request);
    }

    /**
     * {@code request}, whose payload MinIO signed whole, signed again chunk by chunk with a {@link ChunkSignedBody}
     * over the array; null when its payload is not signed (https) or its signature is not one this can redo.
     */
    private Request chunkSigned(Request request, ArrayBody inPlace, MediaType type) throws IOException {
        String hash = request.header(PAYLOAD_HASH);
        String authorization = request.header("Authorization");
        String amzDate = request.header("x-amz-date");
        if (hash == null || !SHA256_HEX.matcher(hash).matches() || authorization == null || amzDate == null) {
            return null;
        }
        Matcher scope = SCOPE.matcher(authorization);
        if (!scope.find()) {
            return null;
        }
        String region = scope.group(1);
        ZonedDateTime date;
        try {
            date = LocalDateTime.parse(amzDate, AMZ_DATE).atZone(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
        Request unsigned = request.newBuilder()
                .removeHeader("Authorization")
                .header(PAYLOAD_HASH, ChunkSignedBody.STREAMING)
                .header("x-amz-decoded-content-length", Integer.toString(inPlace.length))
                .build();
        Request signed;
        try {
            signed = Signer.signV4S3(unsigned, region, accessKey, secretKey, ChunkSignedBody.STREAMING);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot sign the upload: " + e.getMessage(), e);
        }
        Matcher seed = SIGNATURE.matcher(signed.header("Authorization"));
        if (!seed.find()) {
            return null;
        }
        ChunkSignedBody.Seed chain = new ChunkSignedBody.Seed(seed.group(1), date, region, secretKey);
        return signed.newBuilder()
                .put(new ChunkSignedBody(inPlace.data, inPlace.length, type, chain))
                .build();
    }

    /** The body registered for a path {@code /BUCKET/OBJECT} (path style) or {@code /OBJECT} (virtual host). */
    private ArrayBody find(List<String> segments) {
        String path = String.join("/", segments);
        Entry e = bodies.get(path);
        int slash = path.indexOf('/');
        if (e == null && slash >= 0) {
            e = bodies.get(path.substring(slash + 1));
        }
        return e == null ? null : e.body();
    }

    private static final class ArrayBody {
        final byte[] data;
        final int length;

        ArrayBody(byte[] data, int length) {
            this.data = data;
            this.length = length;
        }

        RequestBody typed(MediaType type) {
            return new RequestBody() {
                @Override
                public MediaType contentType() {
                    return type;
                }

                @Override
                public long contentLength() {
                    return length;
                }

                @Override
                public void writeTo(BufferedSink sink) throws IOException {
                    for (int off = 0; off < length; off += SLICE) {
                        sink.write(data, off, Math.min(SLICE, length - off));
                    }
                }
            };
        }
    }
}
