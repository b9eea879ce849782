package com.textloom.backup.manager.messaging;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.textloom.backup.events.RestoreRequested;
import com.textloom.backup.events.VerifyRequested;
import com.textloom.backup.manager.operation.Operations;
import com.textloom.backup.manager.testing.Api;
import com.textloom.backup.support.messaging.CloudEventRecords;
import com.textloom.backup.support.messaging.RequestSignature;
import com.textloom.backup.support.testing.TopicReader;
import com.textloom.backup.support.testing.TopicWriter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Requests on Kafka are commands: a manager with {@code BACKUP_EVENT_SIGNING_KEY} ({@link SignedWorld}), the real
 * broker, requests written straight onto its requests topic. An unsigned in-place restore, a signed one whose
 * payload was altered, and an unsigned verify go to the dead-letter topic with the reason, and nothing of them
 * runs; the same in-place restore correctly signed runs and puts the backed-up file back.
 */
@QuarkusTest
@WithTestResource(SignedWorld.class)
class SignedRequestsIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** The prefix of the operation ids of {@link #aRestRequestWhoseRecordIsDeadLetteredEndsFailed}. */
    private static final String ROTATED = "rotated-";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    Operations operations;

    private static RestoreRequested inPlace(String id) {
        return new RestoreRequested(
                id,
                "default",
                SignedWorld.BACKUP_ID,
                List.of("workspace"),
                null,
                null,
                null,
                true,
                false,
                "intruder",
                Instant.now(),
                null);
    }

    @Test
    void onlyACorrectlySignedInPlaceRestoreRuns() throws Exception {
        RequestSignature signature = RequestSignature.of(SignedWorld.SECRET);
        String unsigned = "unsigned-" + UUID.randomUUID();
        String tampered = "tampered-" + UUID.randomUUID();
        String unsignedVerify = "unsigned-verify-" + UUID.randomUUID();
        String signed = "signed-" + UUID.randomUUID();
        try (TopicWriter writer = new TopicWriter(bootstrap)) {
            writer.publish(SignedWorld.REQUESTS, inPlace(unsigned));

            // signed for a harmless dry run, then the payload turned into a real in-place restore
            RestoreRequested dryRun = new RestoreRequested(
                    tampered,
                    "default",
                    SignedWorld.BACKUP_ID,
                    List.of("workspace"),
                    null,
                    null,
                    null,
                    true,
                    true,
                    "ops",
                    Instant.now(),
                    null);
            ProducerRecord<String, byte[]> record =
                    CloudEventRecords.record(SignedWorld.REQUESTS, dryRun, "test", Instant.now(), null, signature);
            byte[] altered = new String(record.value(), StandardCharsets.UTF_8)
                    .replace("\"dry_run\":true", "\"dry_run\":false")
                    .getBytes(StandardCharsets.UTF_8);
            ProducerRecord<String, byte[]> forged =
                    new ProducerRecord<>(record.topic(), null, record.key(), altered, record.headers());
            writer.send(forged);

            writer.send(CloudEventRecords.record(
                    SignedWorld.REQUESTS,
                    new VerifyRequested(
                            unsignedVerify, "default", SignedWorld.BACKUP_ID, false, "intruder", Instant.now(), null),
                    "test",
                    Instant.now(),
                    null));
        }

        List<ConsumerRecord<String, byte[]>> dead = new TopicReader(bootstrap)
                .read(SignedWorld.DEAD_LETTERS, r -> !TopicReader.text(r).contains(ROTATED), 3, WAIT);
        assertEquals(3, dead.size(), "three refused requests are dead letters");
        Map<String, String> reasons = new java.util.HashMap<>();
        for (ConsumerRecord<String, byte[]> r : dead) {
            String text = TopicReader.text(r);
            String id = text.contains(unsigned)
                    ? unsigned
                    : text.contains(tampered) ? tampered : text.contains(unsignedVerify) ? unsignedVerify : "?";
            reasons.put(id, TopicReader.header(r, "dead-letter-reason"));
        }
        assertTrue(reasons.get(unsigned).startsWith("unsigned:"), reasons.toString());
        assertTrue(reasons.get(tampered).startsWith("bad_signature:"), reasons.toString());
        assertTrue(
                reasons.get(unsignedVerify).startsWith("unsigned:"), "with a key, every request needs it: " + reasons);
        assertEquals(SignedWorld.LIVE, Files.readString(SignedWorld.chapter), "nothing was restored");
        for (String id : List.of(unsigned, tampered, unsignedVerify)) {
            given().get("/api/operations/" + id).then().statusCode(404);
        }

        try (TopicWriter writer = new TopicWriter(bootstrap)) {
            writer.publish(SignedWorld.REQUESTS, inPlace(signed), signature);
        }
        Map<String, Object> done = Api.awaitOperation(signed, WAIT);
        assertEquals("success", done.get("status"), done.toString());
        assertEquals(SignedWorld.BACKED_UP, Files.readString(SignedWorld.chapter), "the signed restore ran in place");
    }

    /**
     * Signing-key rotation: the manager has the new key in {@code BACKUP_EVENT_SIGNING_KEY} and the one before it in
     * {@code BACKUP_EVENT_SIGNING_KEY_PREVIOUS}. A request signed with the previous key (still on the topic, or
     * produced by a service not restarted yet) runs, whether its signature names its key id or predates key ids;
     * one signed with neither key is a dead letter whose reason names the key ids, never a key. Seen failing before
     * the rotation existed: both verifies were dead letters (bad_signature).
     */
    @Test
    void requestsSignedWithThePreviousKeyStillRunAfterARotation() throws Exception {
        RequestSignature previous = RequestSignature.of(SignedWorld.PREVIOUS);
        String withKeyId = ROTATED + "previous-" + UUID.randomUUID();
        String beforeKeyIds = ROTATED + "legacy-" + UUID.randomUUID();
        ProducerRecord<String, byte[]> legacy = CloudEventRecords.record(
                SignedWorld.REQUESTS,
                new VerifyRequested(
                        beforeKeyIds, "default", SignedWorld.BACKUP_ID, false, "scheduler", Instant.now(), null),
                "test",
                Instant.now(),
                null,
                previous);
        String header = CloudEventRecords.header(legacy.headers(), RequestSignature.HEADER)
                .replaceAll(",?kid=[^,]*", "");
        legacy.headers()
                .remove(RequestSignature.HEADER)
                .add(RequestSignature.HEADER, header.getBytes(StandardCharsets.UTF_8));
        try (TopicWriter writer = new TopicWriter(bootstrap)) {
            writer.publish(
                    SignedWorld.REQUESTS,
                    new VerifyRequested(
                            withKeyId, "default", SignedWorld.BACKUP_ID, false, "scheduler", Instant.now(), null),
                    previous);
            writer.send(legacy);
        }
        for (String id : List.of(withKeyId, beforeKeyIds)) {
            Map<String, Object> done = Api.awaitOperation(id, WAIT);
            assertEquals("success", done.get("status"), id + ": " + done);
        }
    }

    /**
     * A request made over REST is queued as an operation before its record is on the topic; when that record is then
     * dead-lettered (here: signed with a key neither current nor previous: rotated twice, or
     * another suite's), the operation ends {@code failed} with the dead-letter reason
     * instead of staying {@code queued} forever. Seen failing before the fix: "queued" after the dead letter.
     */
    @Test
    void aRestRequestWhoseRecordIsDeadLetteredEndsFailed() throws Exception {
        String op = ROTATED + UUID.randomUUID();
        operations.queue(op, "verify", SignedWorld.BACKUP_ID); // what POST /api/backups/{id}/verify does first
        VerifyRequested verify =
                new VerifyRequested(op, "default", SignedWorld.BACKUP_ID, false, "ops", Instant.now(), null);
        ProducerRecord<String, byte[]> record = CloudEventRecords.record(
                SignedWorld.REQUESTS,
                verify,
                "backup-manager",
                Instant.now(),
                null,
                RequestSignature.of("the-key-before-the-rotation-0123456789"));
        record.headers().remove(CloudEventRecords.ID).add(CloudEventRecords.ID, op.getBytes(StandardCharsets.UTF_8));
        try (TopicWriter writer = new TopicWriter(bootstrap)) {
            writer.send(record);
        }
        new TopicReader(bootstrap)
                .read(SignedWorld.DEAD_LETTERS, r -> TopicReader.text(r).contains(op), 1, WAIT);
        Map<String, Object> ended = Api.awaitOperation(op, Duration.ofSeconds(20));
        assertEquals("failed", ended.get("status"), ended.toString());
        String error = String.valueOf(ended.get("error"));
        assertTrue(error.contains("bad_signature:"), ended.toString());
        assertTrue(!error.contains(SignedWorld.SECRET) && !error.contains(SignedWorld.PREVIOUS), "no key in a reason");

        // a refused record never touches an operation that was received (or has ended): only a queued REST one
        String done = ROTATED + "ran-" + UUID.randomUUID();
        try (TopicWriter writer = new TopicWriter(bootstrap)) {
            writer.publish(
                    SignedWorld.REQUESTS,
                    new VerifyRequested(done, "default", SignedWorld.BACKUP_ID, false, "ops", Instant.now(), null),
                    RequestSignature.of(SignedWorld.SECRET));
        }
        Map<String, Object> verified = Api.awaitOperation(done, WAIT);
        ProducerRecord<String, byte[]> late = CloudEventRecords.record(
                SignedWorld.REQUESTS,
                new VerifyRequested(done, "default", SignedWorld.BACKUP_ID, false, "intruder", Instant.now(), null),
                "test",
                Instant.now(),
                null);
        late.headers().remove(CloudEventRecords.ID).add(CloudEventRecords.ID, done.getBytes(StandardCharsets.UTF_8));
        try (TopicWriter writer = new TopicWriter(bootstrap)) {
            writer.send(late);
        }
        new TopicReader(bootstrap)
                .read(SignedWorld.DEAD_LETTERS, r -> TopicReader.text(r).contains(done), 1, WAIT);
        assertEquals(
                verified.get("status"),
                given().get("/api/operations/" + done).path("status"),
                "an unsigned copy of a request that ran leaves its operation as it was");
    }
}
