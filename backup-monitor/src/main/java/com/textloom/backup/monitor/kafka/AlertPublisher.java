package com.textloom.backup.monitor.kafka;

import com.textloom.backup.events.AlertAcknowledged;
import com.textloom.backup.events.AlertResolved;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.monitor.engine.AlertSink;
import com.textloom.backup.monitor.state.Alert;
import com.textloom.backup.support.messaging.CloudEventRecords;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes the alert lifecycle to the alerts topic as the suite's CloudEvents ({@link CloudEventRecords}: key
 * the alert's repository, {@code ce_source} {@value #SOURCE}, {@code ce_subject} the alert id), waiting for
 * the broker's acknowledgement (acks=all, idempotent producer) before returning.
 *
 * <p>A plain producer rather than a SmallRye channel: the record timestamp is the notification's time
 * (re-notifications are told apart by it), and several monitor nodes run in one JVM in tests.
 */
public final class AlertPublisher implements AlertSink, AutoCloseable {

    /** The {@code ce_source} of the alert events: the service's name. */
    public static final String SOURCE = "backup-monitor";

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final Clock clock;

    public AlertPublisher(KafkaSettings kafka, String clientId, Clock clock) {
        Properties p = kafka.clientProperties();
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-alerts");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.topic = kafka.alerts();
        this.clock = clock;
    }

    @Override
    public void raised(Alert alert) {
        publish(EventApplier.toEvent(alert), alert.lastNotifiedAt().toEpochMilli());
    }

    @Override
    public void resolved(Alert alert, java.time.Instant at, String message) {
        publish(
                new AlertResolved(alert.alertId(), alert.fingerprint(), alert.rule(), alert.repository(), at, message),
                at.toEpochMilli());
    }

    @Override
    public void acknowledged(Alert alert, java.time.Instant at, String by, String comment) {
        publish(
                new AlertAcknowledged(alert.alertId(), alert.fingerprint(), alert.repository(), by, at, comment),
                at.toEpochMilli());
    }

    /** Publishes with the given record timestamp (for AlertRaised: when that notification was published). */
    private void publish(SuiteEvent event, long timestamp) {
        ProducerRecord<String, byte[]> record =
                CloudEventRecords.record(topic, event, SOURCE, clock.instant(), timestamp);
        try {
            producer.send(record).get(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "cannot publish " + event.getClass().getSimpleName() + " to " + topic + ": "
                            + (e.getCause() == null ? e : e.getCause()).getMessage(),
                    e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
