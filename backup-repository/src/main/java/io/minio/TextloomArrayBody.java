package io.minio;

/**
 * (textloom-backup, not MinIO) The body of a PUT of an array, as the MinIO client's own
 * {@link PartSource}: OkHttp then writes it to the socket 8 KiB at a time. A {@code byte[]} body
 * is written with one {@code BufferedSink.write(byte[], 0, length)}, which copies the whole array
 * into Okio's buffer before the first byte goes out, so each pack in upload had a second copy of
 * 16 MiB in 8 KiB segments for as long as the endpoint took to read it (backup-repository README,
 * "Peak RSS of an S3 backup"). In MinIO's package because {@code PartSource} and
 * {@code ByteBufferStream} are package-private; only {@code storage.s3.ArrayPutClient} uses it.
 */
public final class TextloomArrayBody {
  private TextloomArrayBody() {}

  /**
   * A body of {@code data[0, length)}, read in place (the array must not change until the PUT
   * returns).
   *
   * @param md5 the Base64 MD5 of the bytes
   * @param sha256 the hex SHA-256 of the bytes the signature covers, or {@code UNSIGNED-PAYLOAD}
   */
  public static Object of(byte[] data, int length, String md5, String sha256) {
    ByteBufferStream inPlace = new ByteBufferStream() {
      {
        buf = data;
        count = length;
      }
    };
    return new PartSource(1, new ByteBufferStream[] {inPlace}, length, md5, sha256);
  }
}
