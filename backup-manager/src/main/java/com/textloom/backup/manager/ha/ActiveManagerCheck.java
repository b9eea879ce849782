package com.textloom.backup.manager.ha;

import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * {@code /q/health/group/active}: UP only on the manager that works ({@link ManagerRole}). Not part of
 * {@code /q/health/ready} (a standby is ready: it runs and serves reads); the Kubernetes HA overlay uses it as the
 * manager's readiness probe, so that its Service sends requests to the active manager only.
 */
@HealthGroup("active")
@ApplicationScoped
public class ActiveManagerCheck implements HealthCheck {
    @Inject
    ManagerRole role;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("active-backup-manager")
                .status(role.active())
                .withData("role", role.active() ? "active" : "standby")
                .withData("mode", role.mode())
                .build();
    }
}
