package com.textloom.backup.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.textloom.backup.events.BackupRequested;
import com.textloom.backup.events.BackupType;
import com.textloom.backup.events.EventCodec;
import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.RestoreRequested;
import com.textloom.backup.events.RetentionRequested;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.events.Topics;
import com.textloom.backup.events.UnreadableEventException;
import com.textloom.backup.events.VerifyRequested;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Thousands of bad records on {@code textloom.backup.requests} from a seeded generator: request events with a
 * required field removed or of the wrong type, a bad time or enum, cut short, random bytes, a depth bomb, an
 * oversized (~0.8 MB) value, no or an unknown {@code ce_type}. The events' own codec is the oracle: only records it
 * refuses are sent (so none of them may run). Each must arrive on {@code textloom.backup.requests.dlq} with a
 * {@code dead-letter-reason}, no operation may be recorded for any, and the manager must still take a real request.
 * {@code -Dreliability.event-cases=N} (default 2000).
 */
@ExtendWith(FaultWorldExtension.class)
@Order(5)
class EventFuzzIT {
    private static final int CASES = Integer.getInteger("reliability.event-cases", 2000);
    private static final String CASE_HEADER = "reliability-case";

    @Test
    void everyBadEventIsADeadLetterAndNothingRuns(FaultWorld world) throws Exception {
        long started = System.currentTimeMillis();
        world.newestBackup(); // run alone, the retention at the end needs the remote to hold the repository
        Random random = Seeds.forScenario("event-fuzz");
        EventCodec codec = new EventCodec();
        Path operations = world.root.resolve("backups-manager-state/operations");
        long opsBefore = count(operations);
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Integer> byDefect = new TreeMap<>();
        Set<String> sent = new HashSet<>();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, world.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(2 * 1024 * 1024));
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            int i = 0;
            while (sent.size() < CASES) {
                Bad bad = bad(random, codec);
                try {
                    codec.decode(bad.type, bad.value);
                    continue; // the generator made a readable event: not a bad input, not sent
                } catch (UnreadableEventException expected) {
                    // a bad input: sent
                } catch (RuntimeException e) {
                    throw new AssertionError(
                            "the event codec itself failed on case " + i + " (" + bad.defect + "): " + e, e);
                }
                String id = run + "-" + (i++);
                ProducerRecord<String, byte[]> record =
                        new ProducerRecord<>(Topics.REQUESTS, random.nextBoolean() ? null : id, bad.value);
                record.headers().add(CASE_HEADER, utf8(id));
                record.headers().add("ce_specversion", utf8("1.0"));
                record.headers().add("ce_id", utf8(id));
                record.headers().add("ce_source", utf8("/reliability/fuzz"));
                if (bad.type != null) {
                    record.headers().add("ce_type", utf8(bad.type));
                }
                record.headers().add("content-type", utf8("application/json"));
                producer.send(record);
                sent.add(id);
                byDefect.merge(bad.defect, 1, Integer::sum);
            }
            producer.flush();
        }

        Set<String> dead = new HashSet<>();
        int withoutReason = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
        while (dead.size() < sent.size() && System.nanoTime() < deadline) {
            dead.clear();
            withoutReason = 0;
            for (ConsumerRecord<String, byte[]> r : EventLog.records(
                    world.bootstrapServers(),
                    Topics.deadLetter(Topics.REQUESTS),
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(20))) {
                Header h = r.headers().lastHeader(CASE_HEADER);
                if (h != null && sent.contains(new String(h.value(), StandardCharsets.UTF_8))) {
                    dead.add(new String(h.value(), StandardCharsets.UTF_8));
                    if (r.headers().lastHeader("dead-letter-reason") == null) {
                        withoutReason++;
                    }
                }
            }
        }
        long opsAfter = count(operations);
        JsonHttp.Answer real = world.api().post("/api/retention", "{\"dry_run\":true}");
        assertEquals(202, real.status(), "a real request after the fuzz: " + real);
        JsonNode end = world.awaitOperation(real.json().path("operation_id").asText(), Duration.ofSeconds(90));
        Set<String> missing = new HashSet<>(sent);
        missing.removeAll(dead);
        Figures.record(
                "malformed and oversized request events (seeded generator, codec as oracle)",
                sent.size(),
                dead.size(),
                0,
                System.currentTimeMillis() - started,
                "defects " + byDefect + "; dead letters without a reason: "
                        + withoutReason + "; operations recorded for them: " + (opsAfter - opsBefore)
                        + "; not dead-lettered: "
                        + (missing.isEmpty()
                                ? "none"
                                : missing.size() + " e.g. "
                                        + missing.stream().limit(5).toList()));
        assertEquals(Set.of(), missing, "bad events that did not reach the dead-letter topic");
        assertEquals(0, withoutReason);
        assertEquals(opsBefore, opsAfter, "bad events were recorded as operations");
        assertTrue(end != null && "success".equals(end.path("status").asText()), "the manager after the fuzz: " + end);
    }

    record Bad(String defect, String type, byte[] value) {}

    static Bad bad(Random r, EventCodec codec) {
        SuiteEvent base = base(r);
        String type = EventTypes.typeOf(base);
        byte[] valid = codec.encode(base);
        ObjectNode json;
        try {
            json = (ObjectNode) JsonHttp.JSON.readTree(valid);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        int kind = r.nextInt(100);
        if (kind < 25) {
            List<String> names = new ArrayList<>();
            json.fieldNames().forEachRemaining(names::add);
            json.remove(names.get(r.nextInt(names.size())));
            return new Bad("field removed", type, write(json));
        }
        if (kind < 45) {
            List<String> names = new ArrayList<>();
            json.fieldNames().forEachRemaining(names::add);
            String f = names.get(r.nextInt(names.size()));
            switch (r.nextInt(4)) {
                case 0 -> json.put(f, r.nextInt());
                case 1 -> json.putObject(f).put("x", 1);
                case 2 -> json.putArray(f).add(r.nextDouble());
                default ->
                    json.put(
                            f,
                            json.get(f).isTextual()
                                    ? (JsonNode) JsonHttp.JSON.getNodeFactory().booleanNode(true)
                                    : JsonHttp.JSON.getNodeFactory().textNode(RestFuzzIT.randomName(r)));
            }
            return new Bad("wrong type", type, write(json));
        }
        if (kind < 55) {
            json.put(
                    "requested_at",
                    List.of("yesterday", "2026-13-45T99:00:00Z", "", "0").get(r.nextInt(4)));
            return new Bad("bad time", type, write(json));
        }
        if (kind < 62) {
            json.put(json.has("type") ? "type" : "request_id", json.has("type") ? RestFuzzIT.randomName(r) : "");
            return new Bad("bad value", type, write(json));
        }
        if (kind < 72) {
            return new Bad("cut short", type, java.util.Arrays.copyOf(valid, r.nextInt(valid.length)));
        }
        if (kind < 80) {
            byte[] b = new byte[1 + r.nextInt(4096)];
            r.nextBytes(b);
            return new Bad("random bytes", type, b);
        }
        if (kind < 83) {
            return new Bad("depth bomb", type, utf8("[".repeat(5000 + r.nextInt(50000))));
        }
        if (kind < 85) {
            byte[] b = new byte[700 * 1024 + r.nextInt(100 * 1024)];
            java.util.Arrays.fill(b, (byte) '{');
            return new Bad("oversized", type, b);
        }
        if (kind < 92) {
            return new Bad("no ce_type", null, valid);
        }
        return new Bad("unknown ce_type", EventTypes.PREFIX + RestFuzzIT.randomName(r) + ".v1", valid);
    }

    private static SuiteEvent base(Random r) {
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        return switch (r.nextInt(4)) {
            case 0 ->
                new BackupRequested(
                        id, "default", BackupType.FULL, List.of("workspace"), "fuzz", now, null, null, null);
            case 1 ->
                new RestoreRequested(
                        id,
                        "default",
                        "20990101_000000",
                        List.of("workspace"),
                        null,
                        null,
                        null,
                        false,
                        true,
                        "fuzz",
                        now,
                        null);
            case 2 -> new VerifyRequested(id, "default", "20990101_000000", true, "fuzz", now, null);
            default -> new RetentionRequested(id, "default", null, true, "fuzz", now, null, null);
        };
    }

    private static byte[] write(JsonNode json) {
        try {
            return JsonHttp.JSON.writeValueAsBytes(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).count();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
