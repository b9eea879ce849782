package com.textloom.backup.monitor.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * The monitor's Kafka topics and leader group: properties of this service (tests use private ones), not variables of
 * the suite, so they keep their defaults here.
 */
@ConfigMapping(prefix = "textloom.monitor.kafka")
public interface MonitorKafkaConfig {

    @WithName("backup-events-topic")
    @WithDefault("textloom.backup.events")
    String backupEventsTopic();

    @WithName("alerts-topic")
    @WithDefault("textloom.alerts")
    String alertsTopic();

    @WithName("recovery-events-topic")
    @WithDefault("textloom.recovery.events")
    String recoveryEventsTopic();

    @WithName("leader-topic")
    @WithDefault("textloom.monitor.leader")
    String leaderTopic();

    @WithName("leader-group")
    @WithDefault("backup-monitor-leader")
    String leaderGroup();
}
