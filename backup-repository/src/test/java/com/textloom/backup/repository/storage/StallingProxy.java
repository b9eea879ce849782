package com.textloom.backup.repository.storage;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 in front of a real server: it relays both ways until {@link #stall()}, after which it keeps
 * every connection, old and new, open and reads what the client sends, but answers nothing (an endpoint that hangs:
 * a stuck load balancer, a frozen server). One thread per direction and connection; everything closes with it.
 */
public final class StallingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean stalled;

    private StallingProxy(int target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon(this::accept);
    }

    /** A proxy relaying to {@code 127.0.0.1:targetPort}. */
    public static StallingProxy to(int targetPort) throws IOException {
        return new StallingProxy(targetPort);
    }

    /** Its endpoint, {@code http://127.0.0.1:PORT}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** From now on nothing the server says reaches a client, and new connections reach no server. */
    public void stall() {
        stalled = true;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                if (stalled) {
                    daemon(() -> pump(client, null));
                    continue;
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(upstream);
                daemon(() -> pump(client, upstream));
                daemon(() -> pump(upstream, client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Copies {@code from} to {@code to}; once stalled (or with no {@code to}) only reads and drops. */
    private void pump(Socket from, Socket to) {
        byte[] buf = new byte[1 << 14];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to == null ? null : to.getOutputStream();
            for (int n; (n = in.read(buf)) >= 0; ) {
                if (!stalled && out != null) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // a side closed: the other thread ends too
        }
    }

    private static void daemon(Runnable r) {
        Thread t = new Thread(r, "stalling-proxy");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }

    /**
     * Asserts that {@code store}, connected through this proxy with read timeout {@code read}, fails a read, a write
     * and a listing with a {@link TransientStorageException} within {@code 3 × read + 2 s} each once the proxy stalls
     * (the clients' own retries may add one attempt), naming the store: never a hang.
     *
     * @param existing a blob the store holds
     */
    public void assertStalledCallsFailTransiently(BlobStore store, String existing, Duration read) {
        stall();
        Duration limit = read.multipliedBy(3).plusSeconds(2);
        Map<String, org.junit.jupiter.api.function.Executable> calls = Map.of(
                "get", () -> store.readAll(existing),
                "put", () -> store.put("data/stalled", new byte[4096]),
                "list", () -> store.list("data/"));
        calls.forEach((name, call) -> {
            long start = System.nanoTime();
            StorageException e = assertTimeoutPreemptively(
                    limit.plusSeconds(5), () -> assertThrows(StorageException.class, call), name + " hung");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertInstanceOf(TransientStorageException.class, e, name + ": " + e);
            assertTrue(took.compareTo(limit) <= 0, name + " took " + took + ", more than " + limit);
            assertTrue(e.getMessage().contains(store.describe()), name + ": " + e.getMessage());
        });
    }
}
