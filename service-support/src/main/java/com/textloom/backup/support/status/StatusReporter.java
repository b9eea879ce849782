package com.textloom.backup.support.status;

import com.textloom.backup.support.health.BrokerProbe;
import com.textloom.backup.support.health.BrokerState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Builds the common {@link ServiceStatus} of this service, asking the broker now. */
@ApplicationScoped
public class StatusReporter {

    @Inject
    ServiceInfo info;

    @Inject
    BrokerProbe broker;

    /** The status now. */
    public ServiceStatus current() {
        BrokerState state = broker.probe();
        return new ServiceStatus(
                info.name(),
                info.version(),
                state.reachable() ? "running" : "degraded",
                info.startedAt(),
                info.uptime().toSeconds(),
                state);
    }
}
