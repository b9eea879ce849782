package com.textloom.backup.manager.health;

import com.textloom.backup.manager.service.RepositoryHolder;
import com.textloom.backup.manager.service.RepositoryLostException;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * {@code /q/health} and {@code /q/health/well}: DOWN while the configured repository is not the one this manager backs
 * up into (lost or replaced, {@link RepositoryLostException}), with {@code state} and the reason. Deliberately not a
 * readiness check: a manager taken out of its Service could not be reached for the way back (disaster recovery's
 * storage_failure, {@code POST /api/repository/accept-new}). Each call re-reads the open repository's {@code config}
 * ({@link RepositoryHolder#recheck()}), so a repository deleted or replaced while the manager runs is DOWN at the
 * next probe, not at the next backup; it never opens a repository that was not open.
 */
@Wellness
@ApplicationScoped
public class RepositoryIdentityCheck implements HealthCheck {
    @Inject
    RepositoryHolder repositories;

    @Override
    public HealthCheckResponse call() {
        repositories.recheck();
        RepositoryLostException lost = repositories.lost();
        HealthCheckResponseBuilder b =
                HealthCheckResponse.named("repository").withData("repository", repositories.describe());
        if (lost == null) {
            return b.up().build();
        }
        return b.down()
                .withData("state", lost.kind().name().toLowerCase(java.util.Locale.ROOT))
                .withData("error", lost.getMessage())
                .build();
    }
}
