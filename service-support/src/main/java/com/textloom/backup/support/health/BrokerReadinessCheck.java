package com.textloom.backup.support.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /q/health/ready}: DOWN while the Kafka broker does not answer, since every service works
 * through events. The answer names the bootstrap servers, the node count, or the error.
 */
@Readiness
@ApplicationScoped
public class BrokerReadinessCheck implements HealthCheck {

    @Inject
    BrokerProbe probe;

    @Override
    public HealthCheckResponse call() {
        BrokerState state = probe.probe();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("kafka-broker")
                .status(state.reachable())
                .withData("bootstrap_servers", state.bootstrapServers())
                .withData("latency_ms", state.latencyMs());
        if (state.reachable()) {
            response.withData("nodes", state.nodes()).withData("cluster_id", state.clusterId());
        } else {
            response.withData("error", state.error());
        }
        return response.build();
    }
}
