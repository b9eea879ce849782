package com.textloom.backup.manager.source.redis;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Redis "server" that misbehaves on purpose (a socket that answers what the test says): the connection gives up
 * on a server that does not answer, and refuses replies that would hang it or fill the heap instead of waiting or
 * allocating.
 */
class RespConnectionHostileTest {

    private ServerSocket server;
    private Thread serving;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (serving != null) {
            serving.interrupt();
            serving.join(5_000);
        }
    }

    /** Starts a server that writes {@code reply} (repeated {@code times} times) to the first client, then stays silent. */
    private RedisLocation hostile(byte[] reply, long times) throws IOException {
        server = new ServerSocket(0);
        serving = new Thread(() -> {
            try (Socket s = server.accept()) {
                OutputStream out = s.getOutputStream();
                for (long i = 0; i < times; i++) {
                    out.write(reply);
                }
                out.flush();
                Thread.sleep(60_000);
            } catch (IOException | InterruptedException e) {
                // the client went away, or the test is over
            }
        });
        serving.setDaemon(true);
        serving.start();
        return new RedisLocation("127.0.0.1", server.getLocalPort(), null, null, 0);
    }

    @Test
    void aServerThatNeverAnswersFailsTheCallAfterTheReadTimeout() throws Exception {
        RedisLocation silent = hostile(new byte[0], 0);
        long t0 = System.nanoTime();
        try (RespConnection c = RespConnection.open(silent, Duration.ofSeconds(1))) {
            assertThrows(SocketTimeoutException.class, () -> c.call("PING"));
        }
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L);
    }

    @Test
    void aHugeAnnouncedBulkStringIsRefusedWithoutWaitingForIt() throws Exception {
        RedisLocation loc = hostile("$2000000000\r\nabc".getBytes(StandardCharsets.US_ASCII), 1);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (RespConnection c = RespConnection.open(loc)) {
                IOException e = assertThrows(IOException.class, () -> c.call("GET", "k"));
                assertTrue(e.getMessage().contains("more than"), e.getMessage());
            }
        });
    }

    @Test
    void anEndlessLineIsRefused() throws Exception {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'A');
        chunk[0] = '+';
        RedisLocation loc = hostile(chunk, 100_000);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (RespConnection c = RespConnection.open(loc)) {
                IOException e = assertThrows(IOException.class, () -> c.call("PING"));
                assertTrue(e.getMessage().contains("line longer than"), e.getMessage());
            }
        });
    }

    @Test
    void deeplyNestedArraysAreRefused() throws Exception {
        RedisLocation loc = hostile("*1\r\n".getBytes(StandardCharsets.US_ASCII), 1_000_000);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (RespConnection c = RespConnection.open(loc)) {
                IOException e = assertThrows(IOException.class, () -> c.call("PING"));
                assertTrue(e.getMessage().contains("nested deeper"), e.getMessage());
            }
        });
    }
}
