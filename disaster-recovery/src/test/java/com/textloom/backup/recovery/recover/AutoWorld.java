package com.textloom.backup.recovery.recover;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * {@link RecoveryWorld} with automatic recovery on: opted in for {@code redis_failure} only, grace 2, cooldown 1 h,
 * in-place restores allowed, an assessment every 6 s; the alerts, requests and recovery events on private topics
 * and a private leader election, so nothing else on the shared broker reaches this service or reads its decisions.
 */
public class AutoWorld extends RecoveryWorld {
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new LinkedHashMap<>(super.start());
        config.put("backup.dr.auto-scenarios", "redis_failure");
        config.put("backup.dr.auto-grace", "2");
        config.put("backup.dr.auto-cooldown", "1h");
        config.put("backup.dr.auto-daily-max", "3");
        config.put("backup.dr.allow-in-place", "true");
        config.put("backup.dr.assess-interval", "6s");
        config.put("backup.local-dir", config.get("test.manager-repository"));
        config.put("mp.messaging.incoming.alerts.topic", "test.alerts." + RUN);
        config.put("mp.messaging.incoming.recovery-requests.topic", "test.recovery.requests." + RUN);
        config.put("mp.messaging.outgoing.recovery-events.topic", "test.recovery.events." + RUN);
        config.put("textloom.recovery.auto.leader-topic", "test.recovery.leader." + RUN);
        config.put("textloom.recovery.auto.leader-group", "test-dr-leader-" + RUN);
        return config;
    }
}
