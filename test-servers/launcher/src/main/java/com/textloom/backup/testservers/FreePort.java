package com.textloom.backup.testservers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Ports on 127.0.0.1: finding a free one, and checking whether one accepts connections. */
final class FreePort {

    private FreePort() {}

    /** A port that was free a moment ago (the OS picks it); callers retry if someone takes it meanwhile. */
    static int find() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
        }
    }

    /** Whether something listens on 127.0.0.1:{@code port}. */
    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails with a message naming the port and its purpose when something already listens there. */
    static void requireFree(int port, String purpose) {
        if (accepts(port)) {
            throw new IllegalStateException("port 127.0.0.1:" + port + " (" + purpose
                    + ") is already in use; stop whatever listens there (deploy/local/down?) or pick another port");
        }
    }
}
