package com.textloom.backup.monitor.notify;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * Sends a notification through every channel. Each channel has its own thread, so a slow or failing
 * channel never delays or blocks another; each send is retried with exponential backoff
 * ({@code attempts} tries, waiting {@code backoff}, 2x, 4x ... between them).
 */
public final class Notifier implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Notifier.class);

    private final List<NotificationChannel> channels;
    private final Map<String, ExecutorService> threads = new LinkedHashMap<>();
    private final int attempts;
    private final Duration backoff;
    private final BiConsumer<String, Boolean> outcomes;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * @param channels enabled channels
     * @param attempts tries per notification and channel (at least 1)
     * @param backoff  wait before the second try; doubles each time
     * @param outcomes told (channel, delivered) after the last try, for metrics
     */
    public Notifier(
            List<NotificationChannel> channels, int attempts, Duration backoff, BiConsumer<String, Boolean> outcomes) {
        this.channels = List.copyOf(channels);
        this.attempts = Math.max(1, attempts);
        this.backoff = backoff;
        this.outcomes = outcomes;
        for (NotificationChannel c : channels) {
            threads.put(c.name(), Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "notify-" + c.name());
                t.setDaemon(true);
                return t;
            }));
        }
    }

    /** Sends (per channel) handed over and not yet delivered or given up after the last try. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Names of the enabled channels. */
    public List<String> channelNames() {
        return channels.stream().map(NotificationChannel::name).toList();
    }

    /**
     * Sends through every channel; the future completes when every channel is done, with per channel
     * {@code "success"} or the last error.
     */
    public CompletableFuture<Map<String, String>> send(Notification n) {
        Map<String, CompletableFuture<String>> results = new LinkedHashMap<>();
        for (NotificationChannel c : channels) {
            inFlight.incrementAndGet();
            try {
                results.put(
                        c.name(),
                        CompletableFuture.supplyAsync(
                                () -> {
                                    try {
                                        return deliver(c, n);
                                    } finally {
                                        inFlight.decrementAndGet();
                                    }
                                },
                                threads.get(c.name())));
            } catch (java.util.concurrent.RejectedExecutionException e) { // closed
                inFlight.decrementAndGet();
                throw e;
            }
        }
        return CompletableFuture.allOf(results.values().toArray(CompletableFuture[]::new))
                .thenApply(v -> {
                    Map<String, String> out = new LinkedHashMap<>();
                    results.forEach((k, f) -> out.put(k, f.join()));
                    return out;
                });
    }

    private String deliver(NotificationChannel c, Notification n) {
        String error = null;
        long wait = backoff.toMillis();
        for (int i = 1; i <= attempts; i++) {
            try {
                c.send(n);
                outcomes.accept(c.name(), true);
                LOG.infof(
                        "notification %s of alert %s sent by %s",
                        n.kind(), n.alert().alertId(), c.name());
                return "success";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = "interrupted";
                break;
            } catch (Exception e) {
                error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                LOG.warnf(
                        "notification %s of alert %s through %s failed (try %d of %d): %s",
                        n.kind(), n.alert().alertId(), c.name(), i, attempts, error);
                if (i < attempts) {
                    try {
                        Thread.sleep(wait);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                    wait *= 2;
                }
            }
        }
        outcomes.accept(c.name(), false);
        return "failed: " + error;
    }

    @Override
    public void close() {
        threads.values().forEach(ExecutorService::shutdown);
        for (ExecutorService e : threads.values()) {
            try {
                e.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
