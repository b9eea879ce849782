package com.textloom.backup.repository.storage.s3;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
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

    private final ConcurrentHashMap<String, Entry> bodies = new ConcurrentHashMap<>();

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
                return chain.proceed(request.newBuilder()
                        .put(inPlace.typed(body.contentType()))
                        .build());
            }
        }
        return chain.proceed(request);
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
