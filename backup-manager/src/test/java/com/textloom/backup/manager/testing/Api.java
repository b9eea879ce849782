package com.textloom.backup.manager.testing;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** The tests' side of the manager's REST API. */
public final class Api {
    private Api() {}

    /** Polls {@code GET /api/operations/{op}} until it is neither queued nor running; its answer. */
    public static Map<String, Object> awaitOperation(String op, Duration wait) throws InterruptedException {
        Instant deadline = Instant.now().plus(wait);
        while (Instant.now().isBefore(deadline)) {
            Response r = given().get("/api/operations/" + op);
            if (r.statusCode() == 200) {
                String status = r.path("status");
                if (!status.equals("queued") && !status.equals("running")) {
                    return r.jsonPath().getMap("");
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("operation " + op + " did not finish within " + wait);
    }
}
