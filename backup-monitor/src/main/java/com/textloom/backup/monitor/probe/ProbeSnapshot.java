package com.textloom.backup.monitor.probe;

import java.util.List;

/**
 * The latest results of every probe.
 *
 * @param disk           disk usage of the backup volume
 * @param backends       one status per configured remote storage backend (and the local directory)
 * @param services       one status per watched service
 * @param protectedParts one status per protected part of the application (postgresql, redis, application, storage)
 *                       as disaster-recovery's latest assessment judged it: down = critical there; empty when
 *                       disaster-recovery was never read
 */
public record ProbeSnapshot(DiskUsage disk, List<ProbeStatus> backends, List<ProbeStatus> services,
                            List<ProbeStatus> protectedParts) {

    public ProbeSnapshot {
        backends = List.copyOf(backends);
        services = List.copyOf(services);
        protectedParts = List.copyOf(protectedParts);
    }

    /** Without protected parts (disaster-recovery not read). */
    public ProbeSnapshot(DiskUsage disk, List<ProbeStatus> backends, List<ProbeStatus> services) {
        this(disk, backends, services, List.of());
    }

    /** Before the first probe ran: nothing known, so nothing is reported down. */
    public static ProbeSnapshot none() {
        return new ProbeSnapshot(null, List.of(), List.of());
    }
}
