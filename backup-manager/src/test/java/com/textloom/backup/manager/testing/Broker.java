package com.textloom.backup.manager.testing;

import com.textloom.backup.events.EventCodec;
import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.SuiteEvent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

/** The tests' side of the real broker: publishes requests as the scheduler does and reads what the manager published. */
public final class Broker {
    private final String bootstrap;

    public Broker(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** Publishes events as binary CloudEvents keyed by repository, as every requester does, and waits for the broker. */
    public void publish(String topic, SuiteEvent... events) throws ExecutionException, InterruptedException {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("acks", "all");
        try (KafkaProducer<String, String> p = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (SuiteEvent e : events) {
                ProducerRecord<String, String> r = new ProducerRecord<>(topic, e.repository(),
                        new String(new EventCodec().encode(e), StandardCharsets.UTF_8));
                r.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8))
                        .add("ce_id", java.util.UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8))
                        .add("ce_source", "/textloom/test".getBytes(StandardCharsets.UTF_8))
                        .add("ce_type", EventTypes.typeOf(e).getBytes(StandardCharsets.UTF_8))
                        .add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
                p.send(r).get();
            }
        }
    }

    /** Records of a topic, from its beginning, matching {@code filter}, until {@code count} matched or {@code patience} passed. */
    public List<ConsumerRecord<String, String>> read(String topic, Predicate<ConsumerRecord<String, String>> filter, int count,
                                                     Duration patience) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> matched = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty() && Instant.now().isBefore(deadline)) {
                partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            deadline = Instant.now().plus(patience);
            while (matched.size() < count && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (filter.test(r)) {
                        matched.add(r);
                    }
                }
            }
        }
        return matched;
    }

    /** Whether a record is the CloudEvent of this event class. */
    public static boolean isA(ConsumerRecord<String, String> r, Class<? extends SuiteEvent> type) {
        return EventTypes.typeOf(type).equals(header(r, "ce_type"));
    }

    public static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
