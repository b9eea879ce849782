package com.textloom.backup.cli.rest;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.testservers.StallingHttpServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A service that stalls in the middle of its answer does not hold the command. */
class RestClientTest {

    @Test
    void aServiceStallingInItsBodyEndsTheCommandAtTheLimitWithAClearMessage() {
        try (StallingHttpServer stalling = new StallingHttpServer()) {
            RestClient client =
                    new RestClient(Service.MANAGER, stalling.uri().toString(), "secret-key", Duration.ofSeconds(2));
            RestException e = assertTimeoutPreemptively(
                    Duration.ofSeconds(30), () -> assertThrows(RestException.class, () -> client.get("/api/status")));
            assertTrue(e.getMessage().contains("no complete answer within 2000 ms"), e.getMessage());
            assertTrue(e.getMessage().contains("BACKUP_MANAGER_URL"), e.getMessage());
            assertTrue(!e.getMessage().contains("secret-key"), "the key is in no message");
            assertTrue(stalling.connections() >= 1, "the server was asked");
        }
    }
}
