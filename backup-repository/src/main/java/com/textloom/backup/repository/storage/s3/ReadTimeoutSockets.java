package com.textloom.backup.repository.storage.s3;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import javax.net.SocketFactory;

/**
 * Sockets whose read timeout ({@code SO_TIMEOUT}) cannot be turned off: setting it to 0 sets {@code readMillis}. The
 * store's client has OkHttp's read timeout at 0 and these sockets, so a read that stalls longer than the store's read
 * timeout still fails (with a {@link java.net.SocketTimeoutException}, from the socket's own blocking read), but
 * without Okio's {@code AsyncTimeout}: Okio reads a socket 8 KiB at a time and, with a read timeout, puts every read
 * in its watchdog thread's queue and takes it out again (a synchronized list and a wake-up of that thread per 8 KiB:
 * its thread took 0.2 CPU-seconds of a 1 GiB restore from S3Proxy; 4 % of the restore's CPU, measured 2026-12-05).
 * Writes keep OkHttp's write timeout.
 */
final class ReadTimeoutSockets extends SocketFactory {
    private final int readMillis;

    /** @param readMillis the read timeout every socket keeps; more than 0 */
    ReadTimeoutSockets(int readMillis) {
        if (readMillis <= 0) {
            throw new IllegalArgumentException("a read timeout must be more than 0: " + readMillis);
        }
        this.readMillis = readMillis;
    }

    @Override
    public Socket createSocket() throws SocketException {
        Socket s = new Socket() {
            @Override
            public synchronized void setSoTimeout(int timeout) throws SocketException {
                super.setSoTimeout(timeout == 0 ? readMillis : timeout);
            }
        };
        s.setSoTimeout(readMillis);
        return s;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    private Socket connected(InetSocketAddress to, InetSocketAddress from) throws IOException {
        Socket s = createSocket();
        try {
            if (from != null) {
                s.bind(from);
            }
            s.connect(to);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }
}
