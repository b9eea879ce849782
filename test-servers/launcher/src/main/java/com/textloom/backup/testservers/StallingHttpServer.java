package com.textloom.backup.testservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on 127.0.0.1 that stalls in the middle of every answer (a hung service, a hostile one, a half-open
 * proxy): to each connection it sends {@code HTTP/1.1 200 OK}, a {@code Content-Length} of 4096 and the first bytes
 * of a JSON body, then nothing more, holding the connection open until {@link #close()}. A client whose timeout ends
 * at the response headers waits forever on it.
 */
public final class StallingHttpServer implements AutoCloseable {
    private static final byte[] ANSWER = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4096"
                    + "\r\n\r\n{\"status\":")
            .getBytes(StandardCharsets.US_ASCII);
    private final ServerSocket listener;
    private final Set<Socket> held = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();

    /** Listening on a free port of 127.0.0.1 from the moment it returns. */
    public StallingHttpServer() {
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread accept = new Thread(this::acceptLoop, "stalling-http-" + listener.getLocalPort());
        accept.setDaemon(true);
        accept.start();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /** How many connections it has answered (and holds). */
    public int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                held.add(s);
                s.getOutputStream().write(ANSWER);
                s.getOutputStream().flush();
                connections.incrementAndGet();
            } catch (IOException closedOrGone) {
                if (listener.isClosed()) {
                    return;
                }
            }
        }
    }

    /** Stops listening and closes every held connection. */
    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : held) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
