package com.textloom.backup.recovery.assess;

import com.textloom.backup.recovery.assess.CheckReport.CheckResult;
import com.textloom.backup.support.health.BrokerProbe;
import com.textloom.backup.support.health.BrokerState;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * The backup suite itself: the Kafka broker (service-support's {@link BrokerProbe}) and the readiness
 * ({@code /q/health/ready}) of backup-manager, backup-scheduler and backup-monitor (BACKUP_MANAGER_URL,
 * BACKUP_SCHEDULER_URL, BACKUP_MONITOR_URL), all asked at once. BACKUP_MANAGER_URL may list the managers of an HA
 * pair: the backup-manager is up when any of them is ready, and the fact {@code managers} gives each one's state (a
 * dead member of the pair is recommended back, not degraded: backups still run). Degraded when a service does not
 * answer UP (for the managers: none of them): the protected application is not down for that, but backups, alerts or
 * recoveries are. Messages never show a URL's user info or query.
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
        Map<String, List<URI>> services = new LinkedHashMap<>();
        services.put("backup-manager", settings.managerUrls());
        services.put("backup-scheduler", List.of(settings.schedulerUrl()));
        services.put("backup-monitor", List.of(settings.monitorUrl()));
        Map<String, Map<URI, CompletableFuture<HttpProbe.Answer>>> asked = new LinkedHashMap<>();
        services.forEach((name, urls) -> {
            Map<URI, CompletableFuture<HttpProbe.Answer>> each = new LinkedHashMap<>();
            urls.forEach(url ->
                    each.put(url, CompletableFuture.supplyAsync(() -> HttpProbe.get(ready(url), deadline), pool)));
            asked.put(name, each);
        });
        BrokerState b = broker.probe();
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("broker", b.reachable() ? "up" : "down");
        if (!b.reachable()) {
            r.degraded("Kafka broker " + b.bootstrapServers() + " does not answer: " + b.error());
            r.recommend(
                    "The Kafka broker (" + b.bootstrapServers()
                            + ") does not answer: start it (`deploy/local/up kafka`,"
                            + " or its systemd unit / container); without it no backup, restore or recovery request is delivered.");
        }
        int up = 0;
        Map<String, String> managers = new LinkedHashMap<>();
        for (Map.Entry<String, Map<URI, CompletableFuture<HttpProbe.Answer>>> e : asked.entrySet()) {
            String service = e.getKey();
            Map<String, String> down = new LinkedHashMap<>();
            for (Map.Entry<URI, CompletableFuture<HttpProbe.Answer>> u :
                    e.getValue().entrySet()) {
                HttpProbe.Answer a = u.getValue().join();
                String where = SafeUrl.describe(ready(u.getKey()));
                if (!a.up()) {
                    down.put(where, a.error());
                }
                if (service.equals("backup-manager")) {
                    managers.put(where, a.up() ? "up" : "down: " + a.error());
                }
            }
            boolean serviceUp = down.size() < e.getValue().size();
            facts.put(service, serviceUp ? "up" : "down");
            if (serviceUp) {
                up++;
            } else {
                r.degraded(service + " at " + describe(down));
            }
            down.forEach((where, error) -> r.recommend(service + " is not ready at " + where + " (" + error + ")"
                    + (serviceUp
                            ? "; another manager listed in BACKUP_MANAGER_URL is, so backups run, but the HA pair has"
                                    + " no spare until this one is back:"
                            : ":")
                    + " start it (`deploy/local/up " + service + "`, or `systemctl start " + service
                    + "`, or its container)"
                    + " and read its log in logs/."));
        }
        r.fact("services", facts);
        if (settings.managerUrls().size() > 1) {
            r.fact("managers", managers);
        }
        return r.summary("broker and " + up + " of " + services.size() + " services ready")
                .done();
    }

    /** {@code where: error; where: error} of the URLs that did not answer UP. */
    private static String describe(Map<String, String> down) {
        StringBuilder out = new StringBuilder();
        down.forEach((where, error) ->
                out.append(out.isEmpty() ? "" : "; ").append(where).append(": ").append(error));
        return out.toString();
    }

    private static URI ready(URI base) {
        return URI.create(base.toString().replaceAll("/+$", "") + "/q/health/ready");
    }
}
