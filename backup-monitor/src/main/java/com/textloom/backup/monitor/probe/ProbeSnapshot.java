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
 * @param repositories   the backup manager's repository as its {@code /q/health/well} reports it: up = the repository
 *                       it backs up into is there, down = lost or replaced ({@code detail}: the state and the reason);
 *                       empty when no {@code backup-manager} is watched or it was never read
 */
public record ProbeSnapshot(
        DiskUsage disk,
        List<ProbeStatus> backends,
        List<ProbeStatus> services,
        List<ProbeStatus> protectedParts,
        List<ProbeStatus> repositories) {

    public ProbeSnapshot {
        backends = List.copyOf(backends);
        services = List.copyOf(services);
        protectedParts = List.copyOf(protectedParts);
        repositories = List.copyOf(repositories);
    }

    /** Without the manager's repository. */
    public ProbeSnapshot(
            DiskUsage disk, List<ProbeStatus> backends, List<ProbeStatus> services, List<ProbeStatus> protectedParts) {
        this(disk, backends, services, protectedParts, List.of());
    }

    /**
     * Whether any probe found something down (a storage backend, a service, a protected part, the manager's
     * repository): the monitor then probes again after the recheck interval instead of the whole interval, so
     * that the recovery is seen promptly.
     */
    public boolean anyDown() {
        return java.util.stream.Stream.of(backends, services, protectedParts, repositories)
                .flatMap(List::stream)
                .anyMatch(p -> !p.up());
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
