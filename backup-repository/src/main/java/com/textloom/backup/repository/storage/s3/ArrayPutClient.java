package com.textloom.backup.repository.storage.s3;

import com.google.common.collect.HashMultimap;
import com.google.common.collect.Multimap;
import io.minio.Digest;
import io.minio.MinioAsyncClient;
import io.minio.TextloomArrayBody;
import io.minio.http.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import okhttp3.Response;

/**
 * The MinIO client's PUT of an array as it is. Its public put takes a stream, which it copies into
 * a buffer of its own, a part at a time, to hash it before sending: for every pack a backup stores,
 * a second copy of up to the part size (16 MiB), grown by doubling from 32 bytes, so about twice
 * that allocated, per upload thread (backup-repository README, "Peak RSS of an S3 backup"). Its
 * protected put hashes the array in place (SHA-256 for the signature over http, and a
 * {@code Content-MD5} the server checks) and hands it to OkHttp as a part source
 * ({@link TextloomArrayBody}), which OkHttp reads 8 KiB at a time: a {@code byte[]} body would be
 * copied whole into Okio's buffer before sending.
 *
 * <p>Guarantee: when {@link #put} returns, normally or not, the client no longer reads the array
 * (the caller reuses it for the next pack): the wait for the response is not cut short by an
 * interrupt, only by the HTTP client's own timeouts; the interrupt is kept for the caller.
 */
final class ArrayPutClient extends MinioAsyncClient {

  /** @param client a client for the endpoint, whose settings (HTTP client, timeouts) this one shares */
  ArrayPutClient(MinioAsyncClient client) {
    super(client);
  }

  /** One PUT of {@code data[0, length)} as {@code key}; failures as the MinIO client throws them. */
  void put(String bucket, String key, byte[] data, int length) throws Exception {
    Multimap<String, String> headers = HashMultimap.create();
    headers.put("Content-Type", "application/octet-stream");
    // the hashes the client computes for a byte[] body: the Content-MD5 the server checks, and the
    // SHA-256 the signature covers over http (over https an unsigned payload, as for a byte[])
    String md5 = Digest.md5Hash(data, length);
    headers.put("Content-MD5", md5);
    String sha256 = baseUrl.isHttps() ? "UNSIGNED-PAYLOAD" : Digest.sha256Hash(data, length);
    // the array as a part source, not as a byte[]: written to the socket without a copy; the
    // request as the client's own put of a part source makes it (its region, then one PUT)
    Object body = TextloomArrayBody.of(data, length, md5, sha256);
    CompletableFuture<Void> response = getRegionAsync(bucket, null)
        .thenCompose(region -> {
          try {
            return executeAsync(Method.PUT, bucket, key, region, httpHeaders(headers), HashMultimap.create(), body, 0);
          } catch (Exception e) {
            throw new CompletionException(e);
          }
        })
        .thenAccept(Response::close);
    boolean interrupted = false;
    try {
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
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
