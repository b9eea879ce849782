package com.textloom.backup.support.status;

import com.textloom.backup.support.health.BrokerState;
import java.time.Instant;

/**
 * The common part of every service's {@code GET /api/status} (snake_case JSON):
 * {@code {"service": "backup-scheduler", "version": "0.1.0", "status": "running", "started_at": ...,
 * "uptime_seconds": 42, "broker": {"reachable": true, ...}}}. A service answers this record, or embeds
 * it in its own answer.
 *
 * @param service       the service name
 * @param version       its version
 * @param status        {@code running}, or {@code degraded} while the broker does not answer
 * @param startedAt     when this instance started
 * @param uptimeSeconds seconds since then
 * @param broker        the Kafka broker as last asked
 */
public record ServiceStatus(
        String service, String version, String status, Instant startedAt, long uptimeSeconds, BrokerState broker) {}
