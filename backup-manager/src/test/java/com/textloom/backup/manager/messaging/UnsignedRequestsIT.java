package com.textloom.backup.manager.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.events.RestoreRequested;
import com.textloom.backup.support.testing.TopicReader;
import com.textloom.backup.support.testing.TopicWriter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A manager without {@code BACKUP_EVENT_SIGNING_KEY} ({@link UnsignedWorld}), the real broker: an unsigned in-place
 * restore on the topic is a dead letter naming the variable; over REST a retention is refused (503) before anything
 * is queued, and a dry run, which changes nothing, is accepted.
 */
@QuarkusTest
@WithTestResource(UnsignedWorld.class)
class UnsignedRequestsIT {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @TestHTTPResource("/api/backups")
    URI backups;

    @Test
    void anUnsignedInPlaceRestoreIsADeadLetterNamingTheVariable() throws Exception {
        String id = "unsigned-" + UUID.randomUUID();
        try (TopicWriter writer = new TopicWriter(bootstrap)) {
            writer.publish(
                    UnsignedWorld.REQUESTS,
                    new RestoreRequested(
                            id,
                            "default",
                            "20250820_120000",
                            List.of("workspace"),
                            null,
                            null,
                            null,
                            true,
                            false,
                            "intruder",
                            Instant.now(),
                            null));
        }
        List<ConsumerRecord<String, byte[]>> dead = new TopicReader(bootstrap)
                .read(UnsignedWorld.DEAD_LETTERS, r -> TopicReader.text(r).contains(id), 1, Duration.ofSeconds(60));
        assertEquals(1, dead.size());
        String reason = TopicReader.header(dead.get(0), "dead-letter-reason");
        assertTrue(reason.startsWith("unsigned:") && reason.contains("BACKUP_EVENT_SIGNING_KEY"), reason);
        given().get("/api/operations/" + id).then().statusCode(404);
    }

    @Test
    void overRestARetentionIsRefusedAndADryRunAccepted() {
        given().header("X-API-Key", UnsignedWorld.API_KEY)
                .contentType(ContentType.JSON)
                .body(Map.of())
                .post("/api/retention")
                .then()
                .statusCode(503)
                .body(containsString("BACKUP_EVENT_SIGNING_KEY"));
        given().header("X-API-Key", UnsignedWorld.API_KEY)
                .contentType(ContentType.JSON)
                .body(Map.of("dry_run", true))
                .post("/api/retention")
                .then()
                .statusCode(202);
    }

    /**
     * On every request endpoint no body, an empty one, the JSON {@code null} and {@code {}} are one and the same
     * request: the endpoint's defaults (a full backup of every component; a quick verify; a restore of every
     * component with no target, which the plan refuses naming the field; a real retention with the configured policy,
     * which a manager without a signing key refuses).
     */
    @Test
    void noBodyAnEmptyOneNullAndAnEmptyObjectAreTheDefaults() {
        String backup = "/api/backups/" + UnsignedWorld.BACKUP_ID;
        Map<String, Integer> expected = new java.util.LinkedHashMap<>();
        expected.put("/api/backups", 202);
        expected.put(backup + "/verify", 202);
        expected.put(backup + "/restore", 400);
        expected.put("/api/retention", 503);
        Map<String, List<String>> answers = new java.util.LinkedHashMap<>();
        for (String path : expected.keySet()) {
            for (String body : java.util.Arrays.asList(null, "", "null", " null ", "{}")) {
                var request = given().header("X-API-Key", UnsignedWorld.API_KEY).contentType(ContentType.JSON);
                var answer = (body == null ? request : request.body(body)).post(path);
                answers.computeIfAbsent(path, k -> new java.util.ArrayList<>())
                        .add(answer.statusCode() + " "
                                + answer.asString()
                                        .replaceAll("[0-9a-f-]{36}", "ID")
                                        .replaceAll("\\d{8}_\\d{6}", "B"));
            }
        }
        for (Map.Entry<String, List<String>> e : answers.entrySet()) {
            assertEquals(1, e.getValue().stream().distinct().count(), e.getKey() + ": " + answers);
            assertTrue(e.getValue().get(0).startsWith(expected.get(e.getKey()) + " "), e.getKey() + ": " + answers);
        }
    }

    /**
     * A body over the 10 MiB limit is answered 413 over HTTP/1.1 and when the client asks to upgrade to HTTP/2
     * cleartext (h2c, the JDK client's default), rather than a connection reset. Seen failing before the fix (h2c:
     * connection reset / GOAWAY).
     */
    @Test
    void aBodyOverTheLimitIs413WhateverTheHttpVersion() throws Exception {
        byte[] big = ("{\"type\":\"full\",\"x\":\"" + "a".repeat(11 << 20) + "\"}").getBytes(StandardCharsets.UTF_8);
        for (HttpClient.Version version : List.of(HttpClient.Version.HTTP_1_1, HttpClient.Version.HTTP_2)) {
            HttpClient client = HttpClient.newBuilder()
                    .version(version)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            HttpResponse<String> answer = null;
            // HTTP/1.1 allows the server to answer 413 and close while the client still sends the body: the client
            // may then see the close before it reads the answer ("header parser received no bytes", seen once in a
            // clean-clone run). Up to three tries; any answer must be 413, and one must come.
            java.io.IOException last = null;
            for (int attempt = 0; attempt < 3 && answer == null; attempt++) {
                try {
                    answer = client.send(
                            HttpRequest.newBuilder(backups)
                                    .timeout(Duration.ofSeconds(60))
                                    .header("Content-Type", "application/json")
                                    .header("X-API-Key", UnsignedWorld.API_KEY)
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(big))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                } catch (java.io.IOException e) {
                    last = e;
                }
            }
            if (answer == null) {
                throw new AssertionError(version + ": no answer in three tries but " + last, last);
            }
            assertEquals(413, answer.statusCode(), version + ": " + answer.body());
        }
    }
}
