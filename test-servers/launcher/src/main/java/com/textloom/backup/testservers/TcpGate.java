package com.textloom.backup.testservers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on 127.0.0.1 in front of a real server (S3Proxy, a Kafka listener) that a test can
 * {@linkplain #cut() cut}: every open connection is reset and new ones are closed at once (as a network partition
 * that answers RST), until {@linkplain #restore() restored}. The server itself keeps running; only the path to it
 * through this gate fails, so one client can be cut off while others still reach the server directly.
 */
public final class TcpGate implements AutoCloseable {
    private final ServerSocket listener;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private volatile boolean closed;

    /** A gate on a free port of 127.0.0.1 forwarding to 127.0.0.1:{@code targetPort}. */
    public TcpGate(int targetPort) {
        this.targetPort = targetPort;
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread accept = new Thread(this::acceptLoop, "tcp-gate-" + listener.getLocalPort());
        accept.setDaemon(true);
        accept.start();
    }

    /** The gate's own port: connect here to reach the server through the gate. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Resets every connection through the gate and refuses new ones. */
    public void cut() {
        cut = true;
        for (Socket s : open) {
            reset(s);
        }
    }

    /** Lets connections through again. */
    public void restore() {
        cut = false;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                if (cut) {
                    reset(client);
                    continue;
                }
                Socket server = new Socket();
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
                open.add(client);
                open.add(server);
                pump(client, server);
                pump(server, client);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(
                () -> {
                    byte[] buffer = new byte[64 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                            if (cut) {
                                break;
                            }
                            out.write(buffer, 0, n);
                        }
                    } catch (IOException e) {
                        // the other side went away or the gate was cut
                    } finally {
                        reset(from);
                        reset(to);
                    }
                },
                "tcp-gate-pump");
        t.setDaemon(true);
        t.start();
    }

    private void reset(Socket s) {
        open.remove(s);
        try {
            s.setSoLinger(true, 0); // close with RST, as a dropped path looks to the client
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        cut();
        try {
            listener.close();
        } catch (IOException e) {
            // closing
        }
    }
}
