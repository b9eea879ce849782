package com.textloom.backup.support.status;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The running service: its name ({@code quarkus.application.name}), version and start time. */
@ApplicationScoped
public class ServiceInfo {

    private final String name;
    private final String version;
    private final Instant startedAt = Instant.now();

    @Inject
    public ServiceInfo(
            @ConfigProperty(name = "quarkus.application.name", defaultValue = "textloom-backup") String name,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        this.name = name;
        this.version = version;
    }

    /** The service name, e.g. {@code backup-scheduler}; also the CloudEvents source of what it publishes. */
    public String name() {
        return name;
    }

    /** The service version. */
    public String version() {
        return version;
    }

    /** When this instance started. */
    public Instant startedAt() {
        return startedAt;
    }

    /** How long it has been running. */
    public Duration uptime() {
        return Duration.between(startedAt, Instant.now());
    }
}
