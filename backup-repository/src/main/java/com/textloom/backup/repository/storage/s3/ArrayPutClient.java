package com.textloom.backup.repository.storage.s3;

import com.google.common.collect.HashMultimap;
import com.google.common.collect.Multimap;
import io.minio.MinioAsyncClient;
import io.minio.ObjectWriteResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The MinIO client's PUT of an array as it is. Its public put takes a stream, which it copies into
 * a buffer of its own, a part at a time, to hash it before sending: for every pack a backup stores,
 * a second copy of up to the part size (16 MiB), grown by doubling from 32 bytes, so about twice
 * that allocated, per upload thread (backup-repository README, "Peak RSS of an S3 backup"). Its
 * protected put of a {@code byte[]} hashes the array in place (SHA-256 for the signature over http,
 * and a {@code Content-MD5} the server checks) and hands it to OkHttp, whose interceptor
 * {@link InPlaceBodies} sends it in place (OkHttp would copy a {@code byte[]} body whole first).
 *
 * <p>Guarantee: when {@link #put} returns, normally or not, the client no longer reads the array
 * (the caller reuses it for the next pack): the wait for the response is not cut short by an
 * interrupt, only by the HTTP client's own timeouts; the interrupt is kept for the caller.
 */
final class ArrayPutClient extends MinioAsyncClient {

    /** @param client a client for the endpoint, whose settings (HTTP client, timeouts) this one shares */
    ArrayPutClient(MinioAsyncClient client, InPlaceBodies bodies) {
        super(client);
        this.bodies = bodies;
    }

    private final InPlaceBodies bodies;

    /** One PUT of {@code data[0, length)} as {@code key}; failures as the MinIO client throws them. */
    void put(String bucket, String key, byte[] data, int length) throws Exception {
        Multimap<String, String> headers = HashMultimap.create();
        headers.put("Content-Type", "application/octet-stream");
        bodies.register(key, data, length);
        boolean interrupted = false;
        try {
            CompletableFuture<ObjectWriteResponse> response =
                    putObjectAsync(bucket, null, key, data, length, headers, HashMultimap.create());
            while (true) {
                try {
                    response.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throwEncapsulatedException(e);
                    throw e;
                }
            }
        } finally {
            bodies.release(key);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
