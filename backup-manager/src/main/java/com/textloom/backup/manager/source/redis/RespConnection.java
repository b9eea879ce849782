package com.textloom.backup.manager.source.redis;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A minimal, binary-safe RESP2 connection: commands are sent as arrays of bulk strings and may be
 * pipelined ({@link #send} many, then {@link #read} as many replies). Replies are {@code String}
 * (status), {@code Long}, {@code byte[]} (bulk), {@code null}, {@code List<Object>}, or
 * {@link Error} for error replies.
 * <p>A server is not trusted to behave: connecting gives up after 10 s, a reply that does not arrive within the
 * read timeout (60 s by default) fails the call, and replies are bounded (a line {@value #MAX_LINE} bytes, a
 * bulk string {@value #MAX_BULK} bytes, an array {@value #MAX_ITEMS} items, {@value #MAX_DEPTH} levels deep), so a
 * hostile or broken server can neither hang a restore nor fill the heap.
 */
public final class RespConnection implements AutoCloseable {

    /** An error reply from the server. */
    public record Error(String message) {}

    private final Socket socket;
    /** The socket's input, buffered without locks; also read raw (replication streams). */
    final Input in;

    private final OutputStream out;
    private final byte[] outBuf = new byte[1 << 16];
    private int outPos;
    /** The current line (status, error, number), without its CRLF. */
    private byte[] line = new byte[128];

    private int lineLength;
    private final RedisLocation location;

    private RespConnection(RedisLocation location, Socket socket) throws IOException {
        this.location = location;
        this.socket = socket;
        this.in = new Input(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** The longest status, error or number line accepted. */
    public static final int MAX_LINE = 64 * 1024;
    /** The largest bulk string accepted (the manager only reads small replies; streams are read raw). */
    public static final int MAX_BULK = 64 * 1024 * 1024;
    /** The most items of an array reply accepted. */
    public static final int MAX_ITEMS = 1_000_000;
    /** The deepest nesting of array replies accepted. */
    public static final int MAX_DEPTH = 8;
    /** How long a reply may take by default. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private static final String OK = "OK";
    /** Bulk strings up to this size are read into an array allocated at once. */
    private static final int SMALL_BULK = 1 << 20;

    /** Connects, authenticates and selects the location's db; replies must come within {@link #READ_TIMEOUT}. */
    public static RespConnection open(RedisLocation location) throws IOException {
        return open(location, READ_TIMEOUT);
    }

    /** Connects, authenticates and selects the location's db; a reply that takes longer than {@code readTimeout} fails. */
    public static RespConnection open(RedisLocation location, Duration readTimeout) throws IOException {
        Socket s = new Socket();
        try {
            s.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, readTimeout.toMillis())));
            s.connect(new InetSocketAddress(location.host(), location.port()), 10_000);
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot connect to Redis at " + location + ": " + e.getMessage(), e);
        }
        RespConnection c = new RespConnection(location, s);
        try {
            if (location.password() != null) {
                if (location.user() != null) {
                    c.call("AUTH", location.user(), location.password());
                } else {
                    c.call("AUTH", location.password());
                }
            }
            if (location.db() != 0) {
                c.call("SELECT", Integer.toString(location.db()));
            }
        } catch (IOException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** Sends one command and returns its reply; an error reply becomes an IOException. */
    public Object call(Object... args) throws IOException {
        send(args);
        flush();
        Object r = read();
        if (r instanceof Error e) {
            throw new IOException("Redis at " + location + " answered " + args[0] + " with: " + e.message());
        }
        return r;
    }

    /** Queues a command without waiting for its reply. */
    public void send(Object... args) throws IOException {
        beginCommand(args.length);
        for (Object a : args) {
            byte[] b = a instanceof byte[] bytes ? bytes : a.toString().getBytes(StandardCharsets.UTF_8);
            bulk(b, 0, b.length);
        }
    }

    /**
     * Starts a command of {@code args} arguments, each to be written with {@link #bulk} or, in parts, with
     * {@link #bulkHeader}, {@link #raw} and {@link #bulkEnd}: for a large argument made of pieces (a RESTORE payload)
     * without copying them into one array first.
     */
    void beginCommand(int args) throws IOException {
        rawByte('*');
        decimal(args);
        crlf();
    }

    /** Writes one argument. */
    void bulk(byte[] b, int off, int len) throws IOException {
        bulkHeader(len);
        raw(b, off, len);
        crlf();
    }

    /** Starts an argument of {@code len} bytes; its bytes follow with {@link #raw}, then {@link #bulkEnd}. */
    void bulkHeader(int len) throws IOException {
        rawByte('$');
        decimal(len);
        crlf();
    }

    void bulkEnd() throws IOException {
        crlf();
    }

    void raw(byte[] b, int off, int len) throws IOException {
        if (len > outBuf.length - outPos) {
            flushBuffer();
            if (len >= outBuf.length) {
                out.write(b, off, len);
                return;
            }
        }
        System.arraycopy(b, off, outBuf, outPos, len);
        outPos += len;
    }

    void rawByte(int b) throws IOException {
        if (outPos == outBuf.length) {
            flushBuffer();
        }
        outBuf[outPos++] = (byte) b;
    }

    private void crlf() throws IOException {
        if (outBuf.length - outPos < 2) {
            flushBuffer();
        }
        outBuf[outPos++] = '\r';
        outBuf[outPos++] = '\n';
    }

    /** Writes a non-negative number in decimal. */
    void decimal(long v) throws IOException {
        if (outBuf.length - outPos < 20) {
            flushBuffer();
        }
        if (v < 0) {
            outBuf[outPos++] = '-';
            v = -v; // Long.MIN_VALUE is never written
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        for (int i = outPos + digits - 1; i >= outPos; i--) {
            outBuf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        outPos += digits;
    }

    private void flushBuffer() throws IOException {
        if (outPos > 0) {
            out.write(outBuf, 0, outPos);
            outPos = 0;
        }
    }

    public void flush() throws IOException {
        flushBuffer();
        out.flush();
    }

    /** Reads one reply. */
    public Object read() throws IOException {
        return read(0);
    }

    private Object read(int depth) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("Redis at " + location + " closed the connection");
        }
        if (type == '+' && in.skipIf(OK_LINE)) {
            return OK;
        }
        readLineBytes();
        switch (type) {
            case '+':
                return lineString();
            case '-':
                return new Error(lineString());
            case ':':
                return lineNumber("number");
            case '$': {
                int len = length(MAX_BULK, "bulk string");
                if (len < 0) {
                    return null;
                }
                // allocated as the bytes arrive when large: a server announcing much and sending little gets little
                byte[] b = len <= SMALL_BULK ? new byte[len] : in.readNBytes(len);
                if (len <= SMALL_BULK ? in.readNBytes(b, 0, len) < len : b.length < len) {
                    throw new EOFException("Redis at " + location + " closed the connection mid-reply");
                }
                in.read(); // CRLF
                in.read();
                return b;
            }
            case '*': {
                int n = length(MAX_ITEMS, "array");
                if (n < 0) {
                    return null;
                }
                if (depth >= MAX_DEPTH) {
                    throw new IOException("Redis at " + location + " sent arrays nested deeper than " + MAX_DEPTH);
                }
                List<Object> items = new ArrayList<>(Math.min(n, 1024));
                for (int i = 0; i < n; i++) {
                    items.add(read(depth + 1));
                }
                return items;
            }
            default:
                throw new IOException(
                        "unexpected reply from Redis at " + location + ": " + (char) type + abbreviate(lineString()));
        }
    }

    /**
     * Reads the header of an array reply and returns its length, -1 for a null array: its items follow, each to be read
     * with {@link #read}, so that a long array of large values is never in memory at once. An error reply, or a reply
     * that is not an array, is an IOException.
     */
    int readArrayLength() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("Redis at " + location + " closed the connection");
        }
        readLineBytes();
        if (type == '-') {
            throw new IOException("Redis at " + location + " answered with: " + lineString());
        }
        if (type != '*') {
            throw new IOException("Redis at " + location + " sent " + (char) type + abbreviate(lineString())
                    + " where an array was expected");
        }
        return length(MAX_ITEMS, "array");
    }

    private static final byte[] OK_LINE = {'O', 'K', '\r', '\n'};

    /** The current line as a number; "a malformed {@code what}" when it is not one. */
    private long lineNumber(String what) throws IOException {
        long v = smallDecimal(line, lineLength, 18);
        if (v != Long.MIN_VALUE) {
            return v;
        }
        String s = lineString();
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IOException("Redis at " + location + " sent a malformed " + what + ": " + abbreviate(s));
        }
    }

    /**
     * {@code b[0, len)} as a number when it is an optional '-' and 1 to {@code maxDigits} (at most 18) decimal digits,
     * else {@link Long#MIN_VALUE} (the caller parses it the slow way, or refuses it).
     */
    static long smallDecimal(byte[] b, int len, int maxDigits) {
        int i = len > 0 && b[0] == '-' ? 1 : 0;
        if (i == len || len - i > maxDigits) {
            return Long.MIN_VALUE;
        }
        long v = 0;
        for (int j = i; j < len; j++) {
            int d = b[j] - '0';
            if (d < 0 || d > 9) {
                return Long.MIN_VALUE;
            }
            v = v * 10 + d;
        }
        return i == 1 ? -v : v;
    }

    /** The length of a bulk string or array, -1 for null; refused above {@code max} or when malformed. */
    private int length(int max, String what) throws IOException {
        long n = lineNumber(what + " length");
        if (n > max || n < -1) {
            throw new IOException("Redis at " + location + " announced a " + what + " of " + n + ", more than the "
                    + max + " accepted");
        }
        return (int) n;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    private String lineString() {
        return new String(line, 0, lineLength, StandardCharsets.UTF_8);
    }

    /** Reads a line up to CRLF (without it), at most {@link #MAX_LINE} bytes. */
    String readLine() throws IOException {
        readLineBytes();
        return lineString();
    }

    /** Reads a line up to CRLF into {@link #line}, at most {@link #MAX_LINE} bytes. */
    private void readLineBytes() throws IOException {
        int n = 0;
        while (true) {
            if (in.pos == in.limit && !in.fill()) {
                throw new EOFException("Redis at " + location + " closed the connection");
            }
            byte[] b = in.buf;
            int from = in.pos;
            int end = in.limit;
            int i = from;
            while (i < end && b[i] != '\r') {
                i++;
            }
            int chunk = i - from;
            if (n + chunk > MAX_LINE) {
                throw new IOException("Redis at " + location + " sent a line longer than " + MAX_LINE + " bytes");
            }
            if (n + chunk > line.length) {
                line = Arrays.copyOf(line, Math.min(MAX_LINE, Math.max(n + chunk, 2 * line.length)));
            }
            System.arraycopy(b, from, line, n, chunk);
            n += chunk;
            in.pos = i;
            if (i < end) {
                in.pos++; // the CR
                in.read(); // the LF
                lineLength = n;
                return;
            }
        }
    }

    public RedisLocation location() {
        return location;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /** A buffered input without the locks of {@link java.io.BufferedInputStream}: one reader at a time. */
    static final class Input extends InputStream {
        private final InputStream source;
        final byte[] buf = new byte[1 << 16];
        int pos;
        int limit;

        Input(InputStream source) {
            this.source = source;
        }

        /** Refills the empty buffer; false at the end of the stream. */
        boolean fill() throws IOException {
            int n = source.read(buf, 0, buf.length);
            pos = 0;
            limit = Math.max(n, 0);
            return n > 0;
        }

        /** Consumes {@code expected} when the input continues with it (only looks within the buffer). */
        boolean skipIf(byte[] expected) throws IOException {
            if (pos == limit && !fill()) {
                return false;
            }
            if (limit - pos < expected.length
                    || !Arrays.equals(buf, pos, pos + expected.length, expected, 0, expected.length)) {
                return false;
            }
            pos += expected.length;
            return true;
        }

        @Override
        public int read() throws IOException {
            if (pos == limit && !fill()) {
                return -1;
            }
            return buf[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (pos == limit) {
                if (len >= buf.length) {
                    return source.read(b, off, len);
                }
                if (!fill()) {
                    return -1;
                }
            }
            int n = Math.min(len, limit - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() throws IOException {
            return limit - pos + source.available();
        }
    }
}
