package com.textloom.backup.monitor.probe;

import java.util.List;

/**
 * The latest results of every probe.
 *
 * @param disk     disk usage of the backup volume
 * @param backends one status per configured remote storage backend (and the local directory)
 * @param services one status per watched service
 */
public record ProbeSnapshot(DiskUsage disk, List<ProbeStatus> backends, List<ProbeStatus> services) {

    public ProbeSnapshot {
        backends = List.copyOf(backends);
        services = List.copyOf(services);
    }

    /** Before the first probe ran: nothing known, so nothing is reported down. */
    public static ProbeSnapshot none() {
        return new ProbeSnapshot(null, List.of(), List.of());
    }
}
