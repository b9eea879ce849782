package com.textloom.backup.recovery.assess;

import com.textloom.backup.recovery.assess.CheckReport.CheckResult;
import com.textloom.backup.support.health.BrokerProbe;
import com.textloom.backup.support.health.BrokerState;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * The backup suite itself: the Kafka broker (service-support's {@link BrokerProbe}) and the readiness
 * ({@code /q/health/ready}) of backup-manager, backup-scheduler and backup-monitor (BACKUP_MANAGER_URL,
 * BACKUP_SCHEDULER_URL, BACKUP_MONITOR_URL), asked at once. Degraded when one does not answer UP: the protected
 * application is not down for that, but backups, alerts or recoveries are.
 */
final class SuiteCheck {

    static final String NAME = "suite";

    private final BrokerProbe broker;
    private final ExecutorService pool;

    SuiteCheck(BrokerProbe broker, ExecutorService pool) {
        this.broker = broker;
        this.pool = pool;
    }

    CheckResult run(AssessSettings settings, Deadline deadline) {
        CheckReport r = new CheckReport(NAME);
        Map<String, URI> services = new LinkedHashMap<>();
        services.put("backup-manager", settings.managerUrl());
        services.put("backup-scheduler", settings.schedulerUrl());
        services.put("backup-monitor", settings.monitorUrl());
        Map<String, CompletableFuture<HttpProbe.Answer>> asked = new LinkedHashMap<>();
        services.forEach((name, url) -> asked.put(name,
                CompletableFuture.supplyAsync(() -> HttpProbe.get(ready(url), deadline), pool)));
        BrokerState b = broker.probe();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("broker", b.reachable() ? "up" : "down");
        if (!b.reachable()) {
            r.degraded("Kafka broker " + b.bootstrapServers() + " does not answer: " + b.error());
            r.recommend("The Kafka broker (" + b.bootstrapServers() + ") does not answer: start it (`deploy/local/up kafka`,"
                    + " or its systemd unit / container); without it no backup, restore or recovery request is delivered.");
        }
        int up = 0;
        for (Map.Entry<String, CompletableFuture<HttpProbe.Answer>> e : asked.entrySet()) {
            HttpProbe.Answer a = e.getValue().join();
            facts.put(e.getKey(), a.up() ? "up" : "down");
            if (a.up()) {
                up++;
            } else {
                String where = SafeUrl.describe(ready(services.get(e.getKey())));
                r.degraded(e.getKey() + " at " + where + ": " + a.error());
                r.recommend(e.getKey() + " is not ready at " + where + " (" + a.error() + "): start it (`deploy/local/up "
                        + e.getKey() + "`, or `systemctl start " + e.getKey() + "`) and read its log in logs/.");
            }
        }
        r.fact("services", facts);
        return r.summary("broker and " + up + " of " + services.size() + " services ready").done();
    }

    private static URI ready(URI base) {
        return URI.create(base.toString().replaceAll("/+$", "") + "/q/health/ready");
    }
}
