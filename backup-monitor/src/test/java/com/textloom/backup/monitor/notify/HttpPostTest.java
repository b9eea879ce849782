package com.textloom.backup.monitor.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.testservers.StallingHttpServer;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A notification endpoint (webhook, Slack) is given the channel timeout for the whole exchange, body included. */
class HttpPostTest {

    /**
     * An endpoint that sends its headers and then stalls in the body: the post fails within the timeout, saying so
     * without the URL (it may hold a secret), instead of holding the notifier forever.
     */
    @Test
    void anEndpointThatStallsInTheMiddleOfItsAnswerFailsWithinTheTimeout() {
        try (StallingHttpServer stalling = new StallingHttpServer()) {
            HttpPost post = new HttpPost(Duration.ofSeconds(2));
            long t0 = System.nanoTime();
            IOException e = assertTimeoutPreemptively(
                    Duration.ofSeconds(20),
                    () -> assertThrows(
                            IOException.class,
                            () -> post.postJson(
                                    stalling.uri().resolve("/hook?token=s3cr3t"), "{\"event\":\"raised\"}", "webhook")),
                    "the post to a stalled endpoint never returned");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 10_000, "took " + ms + " ms with a 2 s timeout");
            assertEquals("webhook endpoint 127.0.0.1 gave no complete answer within 2000 ms", e.getMessage());
            assertEquals(1, stalling.connections());
        }
    }
}
