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
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal, binary-safe RESP2 connection: commands are sent as arrays of bulk strings and may be
 * pipelined ({@link #send} many, then {@link #read} as many replies). Replies are {@code String}
 * (status), {@code Long}, {@code byte[]} (bulk), {@code null}, {@code List<Object>}, or
 * {@link Error} for error replies.
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

    /** Connects, authenticates and selects the location's db. */
    public static RespConnection open(RedisLocation location) throws IOException {
        Socket s = new Socket();
        try {
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
                return Long.parseLong(line);
            case '$': {
                int len = Integer.parseInt(line);
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
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(read());
                }
                return items;
            }
            default:
                throw new IOException("unexpected reply from Redis at " + location + ": " + (char) type + line);
        }
    }

    /** Reads a line up to CRLF (without it). */
    String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(32);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\r') {
                in.read();
                break;
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
