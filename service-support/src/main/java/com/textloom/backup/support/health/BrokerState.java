package com.textloom.backup.support.health;

import java.time.Instant;

/**
 * What the last look at the Kafka broker found.
 *
 * @param reachable        whether the cluster answered within the timeout
 * @param bootstrapServers the servers asked
 * @param nodes            brokers in the cluster (0 when unreachable)
 * @param clusterId        the cluster id, null when unreachable
 * @param error            why it is unreachable, null when reachable
 * @param checkedAt        when the broker was asked
 * @param latencyMs        how long the answer took
 */
public record BrokerState(
        boolean reachable,
        String bootstrapServers,
        int nodes,
        String clusterId,
        String error,
        Instant checkedAt,
        long latencyMs) {}
