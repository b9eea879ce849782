package com.textloom.backup.support.messaging;

import com.textloom.backup.events.EventCodec;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.events.Topics;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.kafka.DeserializationFailureHandler;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * The one way a record of the suite reaches a dead-letter topic, for every incoming Kafka channel of every service
 * ({@link MessagingDefaults} sets {@code failure-strategy=}{@value #STRATEGY} on each).
 *
 * <p>Guarantees, whoever fails the record — the connector because {@link SuiteEventDeserializer} cannot read it, or
 * the service that nacks it ({@link #deadLetter}: a refused request, an event its consumer does not take):
 * <ul>
 *   <li>it goes to {@code <its own topic>.dlq} ({@link Topics#deadLetter}), also when the channel reads several
 *       topics;</li>
 *   <li>the dead letter's value is the record's original bytes (for an unreadable record, the bytes the
 *       deserializer was given), its key the record's key, and it keeps every header of the record
 *       ({@code ce_id}, {@code ce_type}, the signature ...) but the copies of the value a deserializer or the
 *       connector put in headers ({@value SuiteEventDeserializer#RECEIVED_VALUE}, {@code deserialization-failure-data},
 *       {@code -key-data}, {@code -value-data}): an oversized value copied into them would make a dead letter too
 *       large to send;</li>
 *   <li>it adds the headers {@value KafkaDeadLetterQueue#DEAD_LETTER_REASON} (the failure's message),
 *       {@value KafkaDeadLetterQueue#DEAD_LETTER_TOPIC}, {@value KafkaDeadLetterQueue#DEAD_LETTER_PARTITION},
 *       {@value KafkaDeadLetterQueue#DEAD_LETTER_OFFSET}, {@value KafkaDeadLetterQueue#DEAD_LETTER_EXCEPTION_CLASS_NAME}
 *       and, when the failure has a cause, {@value KafkaDeadLetterQueue#DEAD_LETTER_CAUSE} and
 *       {@value KafkaDeadLetterQueue#DEAD_LETTER_CAUSE_CLASS_NAME} — the names SmallRye's own dead-letter queue
 *       uses, so readers of the dead-letter topics see one record shape;</li>
 *   <li>the record is acknowledged (its offset may be committed) only once the broker has the dead letter
 *       ({@code acks=all}); a dead letter the broker does not take fails the record, so nothing is lost silently.</li>
 * </ul>
 * One producer per channel, with the channel's own broker and security settings, closed with the channel.
 */
@ApplicationScoped
@Identifier(SuiteDeadLetters.STRATEGY)
public class SuiteDeadLetters implements KafkaFailureHandler.Factory {

    /** The failure strategy's name, for {@code mp.messaging.incoming.<channel>.failure-strategy}. */
    public static final String STRATEGY = "suite-dead-letter";

    private static final Logger LOG = Logger.getLogger(SuiteDeadLetters.class);
    private static final EventCodec CODEC = new EventCodec();
    /** What of a consumer's configuration a producer to the same broker keeps: where it is and how to log in. */
    private static final Set<String> CLIENT_PREFIXES = Set.of("security.", "sasl.", "ssl.");

    /**
     * Headers of a received record a dead letter leaves out: the connector's marker, and every copy of the value (the
     * connector's {@code deserialization-failure-*data}, a verbatim deserializer's {@value
     * SuiteEventDeserializer#RECEIVED_VALUE}). The value is the dead letter's own; each copy would add its size again,
     * and a dead letter three times an oversized value's size is refused by the producer (record too large), which
     * fails the channel's stream: no record after it would be read.
     */
    private static final Set<String> NOT_COPIED = Set.of(
            DeserializationFailureHandler.DESERIALIZATION_FAILURE_DLQ,
            DeserializationFailureHandler.DESERIALIZATION_FAILURE_DATA,
            DeserializationFailureHandler.DESERIALIZATION_FAILURE_KEY_DATA,
            DeserializationFailureHandler.DESERIALIZATION_FAILURE_VALUE_DATA,
            SuiteEventDeserializer.RECEIVED_VALUE);

    private static final String DESERIALIZATION_FAILED =
            DeserializationFailureHandler.DESERIALIZATION_FAILURE_DESERIALIZER;

    /**
     * Dead-letters {@code message}, read from a channel of the suite, with {@code reason}: the same record as one the
     * deserializer could not read, {@code reason} in {@value KafkaDeadLetterQueue#DEAD_LETTER_REASON}. Logs it.
     *
     * @return completes once the dead letter is on its topic and the record acknowledged
     */
    public static CompletionStage<Void> deadLetter(Message<?> message, String reason, Throwable cause) {
        LOG.warnf("dead-lettering a %s record: %s", CloudEventRecords.type(headers(message)), reason);
        return message.nack(new Reason(reason, cause));
    }

    @Override
    public KafkaFailureHandler create(
            KafkaConnectorIncomingConfiguration config,
            Vertx vertx,
            KafkaConsumer<?, ?> consumer,
            BiConsumer<Throwable, Boolean> reportFailure) {
        return new Handler(config.getChannel(), producerProperties(consumer.configuration()));
    }

    /** The properties of a dead-letter producer for the broker {@code consumer} reads. */
    static Map<String, Object> producerProperties(Map<String, ?> consumer) {
        Map<String, Object> producer = new HashMap<>();
        consumer.forEach((name, value) -> {
            if (CLIENT_PREFIXES.stream().anyMatch(name::startsWith)) {
                producer.put(name, value);
            }
        });
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, consumer.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
        Object clientId = consumer.get(ConsumerConfig.CLIENT_ID_CONFIG);
        producer.put(ProducerConfig.CLIENT_ID_CONFIG, "dead-letters-" + (clientId == null ? "" : clientId));
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        return producer;
    }

    /** The dead letter of {@code record} failed with {@code reason}. */
    static ProducerRecord<String, byte[]> deadLetterOf(IncomingKafkaRecord<?, ?> record, Throwable reason) {
        Object key = record.getKey();
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(
                Topics.deadLetter(record.getTopic()), null, key == null ? null : key.toString(), originalBytes(record));
        for (Header header : record.getHeaders()) {
            if (!NOT_COPIED.contains(header.key())) {
                dead.headers().add(header);
            }
        }
        add(
                dead,
                KafkaDeadLetterQueue.DEAD_LETTER_EXCEPTION_CLASS_NAME,
                reason.getClass().getName());
        add(dead, KafkaDeadLetterQueue.DEAD_LETTER_REASON, message(reason));
        if (reason.getCause() != null) {
            add(
                    dead,
                    KafkaDeadLetterQueue.DEAD_LETTER_CAUSE_CLASS_NAME,
                    reason.getCause().getClass().getName());
            add(dead, KafkaDeadLetterQueue.DEAD_LETTER_CAUSE, message(reason.getCause()));
        }
        add(dead, KafkaDeadLetterQueue.DEAD_LETTER_TOPIC, record.getTopic());
        add(dead, KafkaDeadLetterQueue.DEAD_LETTER_PARTITION, Integer.toString(record.getPartition()));
        add(dead, KafkaDeadLetterQueue.DEAD_LETTER_OFFSET, Long.toString(record.getOffset()));
        return dead;
    }

    /**
     * The bytes the record arrived with: those the deserializer failed on, else those a verbatim
     * {@link SuiteEventDeserializer} kept, else the payload as the channel read it (bytes as they are, text as UTF-8,
     * an event of the suite as its JSON).
     */
    private static byte[] originalBytes(IncomingKafkaRecord<?, ?> record) {
        Headers headers = record.getHeaders();
        if (headers.lastHeader(DESERIALIZATION_FAILED) != null) {
            Header data = headers.lastHeader(DeserializationFailureHandler.DESERIALIZATION_FAILURE_VALUE_DATA);
            if (data == null) {
                data = headers.lastHeader(DeserializationFailureHandler.DESERIALIZATION_FAILURE_DATA);
            }
            if (data != null) {
                return data.value();
            }
        }
        byte[] received = SuiteEventDeserializer.receivedValue(headers);
        if (received != null) {
            return received;
        }
        Object payload = record.getPayload();
        if (payload == null || payload instanceof byte[]) {
            return (byte[]) payload;
        }
        if (payload instanceof SuiteEvent event) {
            return CODEC.encode(event);
        }
        return payload.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String message(Throwable failure) {
        return failure.getMessage() != null ? failure.getMessage() : failure.toString();
    }

    private static void add(ProducerRecord<?, ?> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static Headers headers(Message<?> message) {
        return message.getMetadata(io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata.class)
                .map(io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata::getHeaders)
                .orElse(null);
    }

    /**
     * The failure strategy of one channel: its producer, and the dead-lettering of each failed record. A
     * {@link KafkaDeadLetterQueue} to the connector only so that it hands over the records its deserializer failed on
     * (it does that for a dead-letter queue alone, and would otherwise give the method a null payload); none of the
     * superclass's sending is used.
     */
    private static final class Handler extends KafkaDeadLetterQueue {
        private final String channel;
        private final Map<String, Object> properties;
        private KafkaProducer<String, byte[]> producer;

        Handler(String channel, Map<String, Object> properties) {
            super(channel, null, null, null);
            this.channel = channel;
            this.properties = properties;
        }

        /** Created on the first dead letter: most channels never write one. */
        private synchronized KafkaProducer<String, byte[]> producer() {
            if (producer == null) {
                producer = new KafkaProducer<>(properties);
            }
            return producer;
        }

        @Override
        public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
            ProducerRecord<String, byte[]> dead = deadLetterOf(record, reason);
            LOG.debugf(
                    "channel %s: record %s-%d@%d to %s: %s",
                    channel,
                    record.getTopic(),
                    record.getPartition(),
                    record.getOffset(),
                    dead.topic(),
                    message(reason));
            Uni<Void> sent = Uni.createFrom()
                    .<Void>emitter(emitter -> producer().send(dead, (written, failure) -> {
                        if (failure != null) {
                            emitter.fail(failure);
                        } else {
                            emitter.complete(null);
                        }
                    }))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
            return sent.chain(() -> Uni.createFrom().completionStage(record.ack()))
                    .emitOn(record::runOnMessageContext);
        }

        @Override
        public synchronized void terminate() {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
        }
    }

    /** The failure a dead-lettered record is nacked with: its message is the dead-letter reason. */
    private static final class Reason extends RuntimeException {
        Reason(String reason, Throwable cause) {
            super(reason, cause, false, false);
        }
    }
}
