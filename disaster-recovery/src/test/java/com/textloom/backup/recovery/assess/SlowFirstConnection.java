package com.textloom.backup.recovery.assess;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 in front of a real server that answers the first connection late: that one is held
 * {@code delay} before it is relayed (what the client sends waits, nothing comes back meanwhile), as a server, path
 * or client seen cold answers its first caller; every later connection is relayed at once. One thread per
 * direction and connection; everything closes with it.
 */
final class SlowFirstConnection implements AutoCloseable {
    private final ServerSocket listener;
    private final int target;
    private final Duration delay;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    SlowFirstConnection(int target, Duration delay) throws IOException {
        this.target = target;
        this.delay = delay;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** How many connections it has accepted. */
    int connections() {
        return accepted.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                sockets.add(client);
                boolean first = accepted.incrementAndGet() == 1;
                daemon(() -> relay(client, first ? delay : Duration.ZERO));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void relay(Socket client, Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
            Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
            sockets.add(server);
            daemon(() -> copy(client, server));
            copy(server, client);
        } catch (IOException | InterruptedException e) {
            // closed
        }
    }

    private static void copy(Socket from, Socket to) {
        byte[] buffer = new byte[1 << 14];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // a side closed
        }
    }

    private static void daemon(Runnable r) {
        Thread t = new Thread(r, "slow-first-connection");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
