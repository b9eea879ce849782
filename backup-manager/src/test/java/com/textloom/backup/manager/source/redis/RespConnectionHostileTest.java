package com.textloom.backup.manager.source.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Redis "server" that misbehaves on purpose (a socket that answers what the test says): the connection gives up
 * on a server that does not answer, and refuses replies that would hang it or fill the heap instead of waiting or
 * allocating. And what the connection reads of a server that behaves: every reply type, in one piece and cut into
 * pieces of one to three bytes (so that every boundary falls inside the connection's buffer), and the commands as the
 * server receives them.
 */
class RespConnectionHostileTest {

    private ServerSocket server;
    private Thread serving;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

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

    /** A server that writes {@code replies} in pieces of at most {@code piece} bytes and records what it receives. */
    private RedisLocation answering(byte[] replies, int piece) throws IOException {
        server = new ServerSocket(0);
        serving = new Thread(() -> {
            try (Socket s = server.accept()) {
                s.setTcpNoDelay(true);
                OutputStream out = s.getOutputStream();
                Random random = new Random(7);
                for (int i = 0; i < replies.length; ) {
                    int n = Math.min(replies.length - i, 1 + random.nextInt(piece));
                    out.write(replies, i, n);
                    out.flush();
                    i += n;
                    if (piece < replies.length) {
                        Thread.sleep(0, 100_000);
                    }
                }
                InputStream in = s.getInputStream();
                byte[] b = new byte[8192];
                for (int n; (n = in.read(b)) > 0; ) {
                    synchronized (received) {
                        received.write(b, 0, n);
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the client went away, or the test is over
            }
        });
        serving.setDaemon(true);
        serving.start();
        return new RedisLocation("127.0.0.1", server.getLocalPort(), null, null, 0);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static final String REPLIES = "+OK\r\n+OKAY\r\n+O\r\n-ERR no such key\r\n:0\r\n:-1\r\n:-2\r\n"
            + ":1798761600000\r\n:9223372036854775807\r\n:-9223372036854775808\r\n$-1\r\n$0\r\n\r\n"
            + "$5\r\nab\r\nc\r\n*-1\r\n*0\r\n*2\r\n$1\r\n0\r\n*2\r\n$3\r\nkey\r\n:7\r\n+OK\r\n";

    private static void assertReplies(RespConnection c) throws IOException {
        assertEquals("OK", c.read());
        assertEquals("OKAY", c.read());
        assertEquals("O", c.read());
        assertEquals(new RespConnection.Error("ERR no such key"), c.read());
        assertEquals(0L, c.read());
        assertEquals(-1L, c.read());
        assertEquals(-2L, c.read());
        assertEquals(1798761600000L, c.read());
        assertEquals(Long.MAX_VALUE, c.read());
        assertEquals(Long.MIN_VALUE, c.read());
        assertNull(c.read());
        assertArrayEquals(new byte[0], (byte[]) c.read());
        assertArrayEquals(ascii("ab\r\nc"), (byte[]) c.read());
        assertNull(c.read());
        assertEquals(List.of(), c.read());
        List<?> page = (List<?>) c.read();
        assertArrayEquals(ascii("0"), (byte[]) page.get(0));
        List<?> inner = (List<?>) page.get(1);
        assertArrayEquals(ascii("key"), (byte[]) inner.get(0));
        assertEquals(7L, inner.get(1));
        assertEquals("OK", c.read());
    }

    @Test
    void readsEveryReplyTypeInOnePiece() throws Exception {
        try (RespConnection c = RespConnection.open(answering(ascii(REPLIES), Integer.MAX_VALUE))) {
            assertReplies(c);
        }
    }

    @Test
    void readsEveryReplyTypeCutIntoPieces() throws Exception {
        try (RespConnection c = RespConnection.open(answering(ascii(REPLIES), 3))) {
            assertReplies(c);
        }
    }

    @Test
    void readsABulkStringLargerThanTheBuffer() throws Exception {
        byte[] value = new byte[(1 << 20) + 3 * (1 << 16) + 5];
        new Random(3).nextBytes(value);
        ByteArrayOutputStream replies = new ByteArrayOutputStream();
        replies.write(ascii("$" + value.length + "\r\n"));
        replies.write(value);
        replies.write(ascii("\r\n:5\r\n"));
        try (RespConnection c = RespConnection.open(answering(replies.toByteArray(), 70_000))) {
            assertArrayEquals(value, (byte[]) c.read());
            assertEquals(5L, c.read());
        }
    }

    @Test
    void aMalformedNumberIsRefusedNamingIt() throws Exception {
        for (String bad : List.of(":12a\r\n", ":-\r\n", ":\r\n", ":99999999999999999999\r\n", "$1x\r\n")) {
            try (RespConnection c = RespConnection.open(answering(ascii(bad), 2))) {
                IOException e = assertThrows(IOException.class, c::read);
                assertTrue(e.getMessage().contains("malformed"), bad + ": " + e.getMessage());
            }
            stop();
        }
    }

    @Test
    void writesCommandsAsArraysOfBulkStrings() throws Exception {
        try (RespConnection c = RespConnection.open(answering(ascii("+OK\r\n"), 8))) {
            c.send("SET", "k", new byte[] {0, '\r', '\n'}, 1234567890123L);
            c.beginCommand(3);
            c.bulk(ascii("xDUMPx"), 1, 4);
            c.bulkHeader(5);
            c.rawByte('a');
            c.raw(ascii("bcd"), 0, 3);
            c.rawByte('e');
            c.bulkEnd();
            c.bulk(new byte[0], 0, 0);
            c.flush();
            assertEquals("OK", c.read());
            String expected = "*4\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\n\0\r\n\r\n$13\r\n1234567890123\r\n"
                    + "*3\r\n$4\r\nDUMP\r\n$5\r\nabcde\r\n$0\r\n\r\n";
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (received.size() < expected.length() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            synchronized (received) {
                assertEquals(expected, received.toString(StandardCharsets.ISO_8859_1));
            }
        }
    }
}
