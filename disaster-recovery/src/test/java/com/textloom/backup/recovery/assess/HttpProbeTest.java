package com.textloom.backup.recovery.assess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.testservers.StallingHttpServer;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link HttpProbe}'s deadline holds for the whole exchange, not only until the response headers. */
class HttpProbeTest {

    /**
     * A health URL that sends its status line and headers and then stalls in the body (a hung application, a
     * half-open proxy): the probe is "no answer" at its deadline instead of holding an assessment thread forever.
     */
    @Test
    void aServerThatStallsInTheMiddleOfItsAnswerIsNoAnswerAtTheDeadline() throws Exception {
        try (StallingHttpServer stalling = new StallingHttpServer()) {
            try (Socket first =
                    new Socket(InetAddress.getLoopbackAddress(), stalling.uri().getPort())) {
                byte[] line = first.getInputStream().readNBytes(15);
                assertEquals("HTTP/1.1 200 OK", new String(line, StandardCharsets.US_ASCII), "the server answers");
            }
            Deadline deadline = Deadline.in(Duration.ofSeconds(3));
            HttpProbe.Answer answer = assertTimeoutPreemptively(
                    Duration.ofSeconds(20),
                    () -> HttpProbe.get(stalling.uri().resolve("/q/health"), deadline),
                    "the probe of a stalled answer never returned");
            assertFalse(answer.up(), answer.toString());
            assertEquals("no answer within 3000 ms", answer.error());
            assertTrue(answer.latencyMs() < 8_000, "took " + answer.latencyMs() + " ms with a 3 s deadline");
            // on a loaded machine the server's accept thread may count the probe's connection after the deadline
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (stalling.connections() < 2 && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertEquals(2, stalling.connections(), "the server was reached");
        }
    }
}
