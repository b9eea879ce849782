package com.textloom.backup.support.health;

import com.textloom.backup.support.messaging.KafkaClientSecurity;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Asks the Kafka cluster whether it answers ({@code describeCluster}), with a short timeout
 * ({@code textloom.broker-probe.timeout}, default 3 s). One admin client is created on first use, reused,
 * and closed with the application. Thread-safe.
 */
@ApplicationScoped
public class BrokerProbe {

    private final Map<String, Object> kafkaConfig;
    private final Duration timeout;
    private AdminClient admin;

    @Inject
    public BrokerProbe(
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
            @ConfigProperty(name = "textloom.broker-probe.timeout", defaultValue = "3s") Duration timeout) {
        this.kafkaConfig = kafkaConfig;
        this.timeout = timeout;
    }

    /** Asks the cluster now; never throws. */
    public BrokerState probe() {
        long start = System.nanoTime();
        String servers =
                String.valueOf(kafkaConfig.getOrDefault(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092"));
        try {
            DescribeClusterResult cluster =
                    admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
            int nodes = cluster.nodes()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .size();
            String id = cluster.clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new BrokerState(true, servers, nodes, id, null, Instant.now(), elapsed(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unreachable(servers, "interrupted", start);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return unreachable(servers, cause.getClass().getSimpleName() + ": " + cause.getMessage(), start);
        } catch (TimeoutException e) {
            return unreachable(servers, "no answer within " + timeout.toMillis() + " ms", start);
        } catch (RuntimeException e) {
            return unreachable(servers, e.getClass().getSimpleName() + ": " + e.getMessage(), start);
        }
    }

    private static BrokerState unreachable(String servers, String error, long start) {
        return new BrokerState(false, servers, 0, null, error, Instant.now(), elapsed(start));
    }

    private static long elapsed(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private synchronized AdminClient admin() {
        if (admin == null) {
            Map<String, Object> config = new HashMap<>(KafkaClientSecurity.of(kafkaConfig));
            config.put(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafkaConfig.getOrDefault(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092"));
            config.put(AdminClientConfig.CLIENT_ID_CONFIG, "textloom-broker-probe");
            config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
            config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5000);
            admin = AdminClient.create(config);
        }
        return admin;
    }

    @PreDestroy
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }
}
