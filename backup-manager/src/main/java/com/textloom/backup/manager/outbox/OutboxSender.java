package com.textloom.backup.manager.outbox;

import com.textloom.backup.events.EventTypes;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.manager.config.ManagerSettings;
import com.textloom.backup.manager.ha.ManagerActivated;
import com.textloom.backup.manager.messaging.KafkaPublisher;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Delivers the manager's completion events (BackupCompleted, RestoreCompleted, VerifyCompleted, RetentionCompleted)
 * through the {@link Outbox} in {@code BACKUP_STATE_DIR/outbox}, so that none is lost when the broker is down when a
 * job ends, or the manager stops before the broker took it.
 *
 * <p>Guarantees: {@link #publish} returns once the event is on disk (or, if the disk refuses, after handing it to
 * the producer directly, logged as an error). One sender thread sends the entries oldest first, one at a time, and
 * removes an entry only once the broker has acknowledged it ({@code acks=all}); an entry the broker did not take
 * (refused, or the producer gave up after its {@code delivery.timeout.ms}) is sent again after a pause (1 s,
 * doubling, at most {@value #MAX_PAUSE_SECONDS} s) until it is acknowledged. Each entry carries one CloudEvents id
 * for all its attempts. The sender waits for the connector's own verdict (ack or nack; the SmallRye connector keeps
 * retrying a record while the broker is away), so an outage does not make it send an event twice; only a stop of the manager between the broker's acknowledgement and
 * the removal of the entry does (the re-sent event has the same {@code ce_id}). Entries left by a previous process
 * are sent when the service starts.
 */
@ApplicationScoped
public class OutboxSender {
    private static final Logger LOG = Logger.getLogger(OutboxSender.class);
    /** The most events kept waiting for the broker. */
    public static final int CAPACITY = 10_000;

    static final int MAX_PAUSE_SECONDS = 30;
    /** How long the sender waits for the connector's ack or nack of one attempt, beyond its delivery timeout. */
    static final Duration VERDICT_WAIT = Duration.ofHours(24);

    @Inject
    ManagerSettings settings;

    @Inject
    KafkaPublisher publisher;

    @ConfigProperty(name = "mp.messaging.outgoing.events.delivery.timeout.ms", defaultValue = "120000")
    long deliveryTimeoutMs;

    private final Object signal = new Object();
    private final Object gate = new Object();
    private Outbox outbox;
    private Thread sender;
    private volatile boolean stopping;

    /** When this manager becomes the active one (a standby never sends: the active manager owns the outbox). */
    void start(@Observes ManagerActivated event) {
        outbox();
        sender = new Thread(this::sendLoop, "event-outbox");
        sender.setDaemon(true);
        sender.start();
    }

    private synchronized Outbox outbox() {
        if (outbox == null) {
            try {
                outbox = Outbox.open(settings.stateDir().resolve("outbox"), CAPACITY);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "the manager's state directory " + settings.stateDir()
                                + " (BACKUP_STATE_DIR) cannot be used for the event outbox: " + e.getMessage(),
                        e);
            }
        }
        return outbox;
    }

    /** Keeps {@code event} until the broker has acknowledged it (see the class guarantees). */
    public void publish(SuiteEvent event) {
        publish(event, () -> {});
    }

    /**
     * Keeps {@code event} until the broker has acknowledged it, running {@code recorded} after it is on disk and
     * before it can be sent (a consumer of the event then finds what {@code recorded} wrote, e.g. the operation's
     * outcome).
     */
    public void publish(SuiteEvent event, Runnable recorded) {
        synchronized (gate) {
            try {
                outbox().add(event);
            } catch (IOException | RuntimeException e) {
                LOG.errorf(
                        "%s cannot be kept in the outbox (%s): sent once without it, lost if the broker does not"
                                + " take it",
                        event.getClass().getSimpleName(), e.getMessage());
                recorded.run();
                publisher.publish(event);
                return;
            }
            recorded.run();
        }
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /** How many events wait for the broker. */
    public int pending() {
        return outbox().size();
    }

    private void sendLoop() {
        // the connector retries a record itself (for delivery.timeout.ms and beyond, while the broker is away): sending
        // it again before the connector's own verdict would publish it twice, so wait for that verdict
        Duration wait = Duration.ofMillis(deliveryTimeoutMs).plus(VERDICT_WAIT);
        long pause = 1;
        boolean failing = false;
        while (!stopping) {
            Optional<Outbox.Entry> next;
            synchronized (gate) {
                next = outbox().oldest();
            }
            if (next.isEmpty()) {
                pauseUpTo(5);
                continue;
            }
            Outbox.Entry entry = next.get();
            String what = EventTypes.typeOf(entry.event()) + " " + entry.id();
            try {
                publisher.publishAndAwait(entry.event(), entry.id(), wait, what);
            } catch (RuntimeException e) {
                if (!failing) {
                    LOG.warnf(
                            "the broker did not take %s (%s): it stays in the outbox and is sent again until the broker"
                                    + " acknowledges it (%d waiting)",
                            what, e.getMessage(), outbox().size());
                }
                failing = true;
                pauseUpTo(pause);
                pause = Math.min(pause * 2, MAX_PAUSE_SECONDS);
                continue;
            }
            if (failing) {
                LOG.infof("the broker takes events again: %s delivered (%d still waiting)", what, outbox().size() - 1);
            }
            failing = false;
            pause = 1;
            try {
                outbox().remove(entry);
            } catch (IOException e) {
                LOG.errorf(
                        "%s was delivered but cannot be removed from the outbox (%s): it would be sent again",
                        what, e.getMessage());
                pauseUpTo(MAX_PAUSE_SECONDS);
            }
        }
    }

    private void pauseUpTo(long seconds) {
        synchronized (signal) {
            try {
                signal.wait(seconds * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping = true;
            }
        }
    }

    @PreDestroy
    void stop() {
        stopping = true;
        if (sender != null) {
            sender.interrupt();
        }
    }
}
