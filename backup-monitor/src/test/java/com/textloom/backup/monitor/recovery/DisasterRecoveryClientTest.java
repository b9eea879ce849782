package com.textloom.backup.monitor.recovery;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.textloom.backup.monitor.config.MonitorConfig;
import com.textloom.backup.support.testing.SuiteConfigs;
import com.textloom.backup.testservers.StallingHttpServer;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link DisasterRecoveryClient} against a disaster-recovery that sends its headers and then stalls in the body: the
 * objectives and the report relay end at the probe timeout instead of holding the dashboard's request (and, for the
 * objectives, every other dashboard behind the cache's lock) forever.
 */
class DisasterRecoveryClientTest {

    private static DisasterRecoveryClient client(StallingHttpServer dr) {
        DisasterRecoveryClient client = new DisasterRecoveryClient();
        client.config = SuiteConfigs.of(
                        Map.of("BACKUP_DR_URL", dr.uri().toString(), "BACKUP_MONITOR_PROBE_TIMEOUT", "2s"),
                        MonitorConfig.class)
                .getConfigMapping(MonitorConfig.class);
        client.json = new ObjectMapper();
        return client;
    }

    @Test
    void objectivesFromAStalledAnswerAreUnreachableAtTheProbeTimeout() {
        try (StallingHttpServer dr = new StallingHttpServer()) {
            long t0 = System.nanoTime();
            DisasterRecoveryClient.Objectives o = assertTimeoutPreemptively(
                    Duration.ofSeconds(20),
                    () -> client(dr).objectives(),
                    "the objectives waited for a stalled answer");
            assertNull(o.answer(), o.toString());
            assertTrue(o.error().startsWith("disaster-recovery unreachable"), o.error());
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 8_000, "a 2 s probe timeout took over 8 s");
        }
    }

    @Test
    void aReportFromAStalledAnswerFailsAtTheProbeTimeout() {
        try (StallingHttpServer dr = new StallingHttpServer()) {
            assertTimeoutPreemptively(
                    Duration.ofSeconds(20),
                    () -> assertThrows(IOException.class, () -> client(dr).report(true, "drill_20261204_120000")),
                    "the report relay waited for a stalled answer");
        }
    }
}
