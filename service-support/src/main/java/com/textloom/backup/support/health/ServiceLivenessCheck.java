package com.textloom.backup.support.health;

import com.textloom.backup.support.status.ServiceInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * {@code /q/health/live}: UP while the service answers at all (a dead broker makes it not ready, never
 * not live: restarting would not help). Names the service, version and uptime.
 */
@Liveness
@ApplicationScoped
public class ServiceLivenessCheck implements HealthCheck {

    @Inject
    ServiceInfo info;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(info.name())
                .up()
                .withData("version", info.version())
                .withData("uptime_seconds", info.uptime().toSeconds())
                .build();
    }
}
