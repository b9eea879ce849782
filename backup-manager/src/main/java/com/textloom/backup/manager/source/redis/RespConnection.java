package com.textloom.backup.manager.source.redis;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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
    final InputStream in;
    private final OutputStream out;
    private final RedisLocation location;

    private RespConnection(RedisLocation location, Socket socket) throws IOException {
        this.location = location;
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
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
        out.write('*');
        out.write(Integer.toString(args.length).getBytes(StandardCharsets.US_ASCII));
        out.write('\r');
        out.write('\n');
        for (Object a : args) {
            byte[] b = a instanceof byte[] bytes ? bytes : a.toString().getBytes(StandardCharsets.UTF_8);
            out.write('$');
            out.write(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
            out.write('\r');
            out.write('\n');
            out.write(b);
            out.write('\r');
            out.write('\n');
        }
    }

    public void flush() throws IOException {
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
        String line = readLine();
        switch (type) {
            case '+':
                return line;
            case '-':
                return new Error(line);
            case ':':
                try {
                    return Long.parseLong(line);
                } catch (NumberFormatException e) {
                    throw new IOException("Redis at " + location + " sent a malformed number: " + abbreviate(line));
                }
            case '$': {
                int len = length(line, MAX_BULK, "bulk string");
                if (len < 0) {
                    return null;
                }
                byte[] b = in.readNBytes(len);
                if (b.length < len) {
                    throw new EOFException("Redis at " + location + " closed the connection mid-reply");
                }
                in.readNBytes(2);
                return b;
            }
            case '*': {
                int n = length(line, MAX_ITEMS, "array");
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
                        "unexpected reply from Redis at " + location + ": " + (char) type + abbreviate(line));
        }
    }

    /** The length of a bulk string or array, -1 for null; refused above {@code max} or when malformed. */
    private int length(String line, int max, String what) throws IOException {
        long n;
        try {
            n = Long.parseLong(line);
        } catch (NumberFormatException e) {
            throw new IOException(
                    "Redis at " + location + " sent a malformed " + what + " length: " + abbreviate(line));
        }
        if (n > max || n < -1) {
            throw new IOException("Redis at " + location + " announced a " + what + " of " + n + ", more than the "
                    + max + " accepted");
        }
        return (int) n;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    /** Reads a line up to CRLF (without it), at most {@link #MAX_LINE} bytes. */
    String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(32);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\r') {
                in.read();
                break;
            }
            if (b.size() >= MAX_LINE) {
                throw new IOException("Redis at " + location + " sent a line longer than " + MAX_LINE + " bytes");
            }
            b.write(c);
        }
        if (c < 0) {
            throw new EOFException("Redis at " + location + " closed the connection");
        }
        return b.toString(StandardCharsets.UTF_8);
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
}
