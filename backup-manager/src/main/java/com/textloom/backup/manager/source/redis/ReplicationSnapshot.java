package com.textloom.backup.manager.source.redis;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A point-in-time RDB snapshot of a running Redis, read through the replication protocol as
 * {@code redis-cli --rdb} does: {@code REPLCONF capa eof}, {@code REPLCONF rdb-only 1}, {@code SYNC}.
 * The server forks and streams its dataset; with diskless sync (the default) it writes nothing to its
 * disk. The stream starts after {@code repl-diskless-sync-delay} seconds (5 by default).
 *
 * <p>Both framings are handled: {@code $<length>} (disk-based sync) and {@code $EOF:<40 bytes>}
 * (diskless: the payload ends with the same 40-byte mark, which is not part of the stream). The
 * returned stream ends normally only when the whole RDB was received; a dropped connection throws.
 */
public final class ReplicationSnapshot {

    private ReplicationSnapshot() {}

    /** Opens the snapshot; closing the stream closes the connection. */
    public static InputStream open(RedisLocation location) throws IOException {
        RespConnection c = RespConnection.open(location.withDb(0));
        try {
            c.call("REPLCONF", "capa", "eof");
            c.send("REPLCONF", "rdb-only", "1");
            c.flush();
            c.read(); // an error here means a server older than 7.0: it then also streams commands after the
            // RDB, which we never read
            c.send("SYNC");
            c.flush();
            int b;
            while ((b = c.in.read()) == '\n') {
                // keep-alive newlines while the server forks / waits for repl-diskless-sync-delay
            }
            if (b == '-') {
                throw new IOException("Redis at " + location + " refused SYNC: " + c.readLine());
            }
            if (b != '$') {
                throw new IOException("Redis at " + location + " sent an unexpected SYNC reply"
                        + (b < 0 ? " (connection closed)" : ""));
            }
            String header = c.readLine();
            if (header.startsWith("EOF:")) {
                byte[] mark = header.substring(4).getBytes(StandardCharsets.US_ASCII);
                if (mark.length != 40) {
                    throw new IOException("Redis at " + location + " sent a malformed EOF mark");
                }
                return new EofMarkedStream(c, mark);
            }
            return new LengthBoundedStream(c, Long.parseLong(header));
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private static final class LengthBoundedStream extends InputStream {
        private final RespConnection c;
        private long remaining;

        LengthBoundedStream(RespConnection c, long length) {
            this.c = c;
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int n = c.in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new EOFException("Redis closed the replication stream with " + remaining + " bytes missing");
            }
            remaining -= n;
            return n;
        }

        @Override
        public void close() {
            c.close();
        }
    }

    /** Holds back the last 40 bytes until it knows they are not the end mark. */
    private static final class EofMarkedStream extends InputStream {
        private final RespConnection c;
        private final byte[] mark;
        private final byte[] window = new byte[1 << 16];
        private int start;
        private int end;
        private boolean finished;

        EofMarkedStream(RespConnection c, byte[] mark) {
            this.c = c;
            this.mark = mark;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (true) {
                int available = end - start - mark.length;
                if (available > 0) {
                    int n = Math.min(len, available);
                    System.arraycopy(window, start, b, off, n);
                    start += n;
                    return n;
                }
                if (finished) {
                    return -1;
                }
                if (end - start >= mark.length && Arrays.equals(window, end - mark.length, end, mark, 0, mark.length)) {
                    finished = true;
                    return -1;
                }
                if (start > 0) {
                    System.arraycopy(window, start, window, 0, end - start);
                    end -= start;
                    start = 0;
                }
                int n = c.in.read(window, end, window.length - end);
                if (n < 0) {
                    throw new EOFException("Redis closed the replication stream before its end mark");
                }
                end += n;
            }
        }

        @Override
        public void close() {
            c.close();
        }
    }
}
