package com.textloom.backup.testservers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaBrokerIT {

    @Test
    void aStartedBrokerTakesARecordAndGivesItBackToAConsumer() throws Exception {
        long started = System.nanoTime();
        try (KafkaBroker broker = KafkaBroker.start()) {
            System.out.printf(
                    "Kafka broker ready in %d ms on %s%n",
                    (System.nanoTime() - started) / 1_000_000, broker.bootstrapServers());
            String topic = "it-" + UUID.randomUUID();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
                producer.send(new ProducerRecord<>(topic, "repo-1", "hello broker"))
                        .get();
            }
            List<ConsumerRecord<String, String>> received = consumeAtLeastOne(broker, topic);
            assertEquals("repo-1", received.get(0).key());
            assertEquals("hello broker", received.get(0).value());
            assertTrue(broker.logFile().toFile().length() > 0, "the broker writes its log");
        }
    }

    @Test
    void closeStopsTheBrokerJvmAndDeletesItsData() {
        KafkaBroker broker = KafkaBroker.start();
        long pid = broker.pid();
        Path dataDir = broker.dataDir();
        assertTrue(Files.isDirectory(dataDir.resolve("kraft-logs")));
        assertEquals("rwx------", permissions(dataDir));

        broker.close();

        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "broker JVM still running");
        assertFalse(Files.exists(dataDir), "data directory left behind: " + dataDir);
        assertFalse(FreePort.accepts(broker.port()), "port still open");
    }

    @Test
    void theSharedBrokerIsOneBrokerThatCloseDoesNotStop() {
        KafkaBroker first = KafkaBroker.shared();
        first.close();
        KafkaBroker second = KafkaBroker.shared();
        assertSame(first, second);
        assertTrue(ProcessHandle.of(second.pid()).map(ProcessHandle::isAlive).orElse(false));
        assertTrue(FreePort.accepts(second.port()));
    }

    private static List<ConsumerRecord<String, String>> consumeAtLeastOne(KafkaBroker broker, String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
            }
        }
        assertFalse(received.isEmpty(), "no record consumed within 30 s");
        return received;
    }

    static String permissions(Path path) {
        try {
            return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
