package com.textloom.backup.recovery.auto;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.Optional;

/**
 * The variables of automatic recovery (defaults and meanings in suite-config's {@code SuiteVariables} and
 * {@code .env.backup.example}) and the leader election's topic and group (properties of this service, not variables:
 * tests use private ones).
 */
@ConfigMapping(prefix = "")
public interface AutoConfig {

    /** BACKUP_DR_AUTO_SCENARIOS: the scenarios recovered without a person; empty = none. */
    @WithName("backup.dr.auto-scenarios")
    Optional<String> scenarios();

    /** BACKUP_DR_AUTO_GRACE: assessments in a row a failure must persist. */
    @WithName("backup.dr.auto-grace")
    int grace();

    /** BACKUP_DR_AUTO_COOLDOWN: no automatic recovery of a scenario for this long after the last one began. */
    @WithName("backup.dr.auto-cooldown")
    String cooldown();

    /** BACKUP_DR_AUTO_DAILY_MAX: automatic recoveries of one scenario within 24 hours at most. */
    @WithName("backup.dr.auto-daily-max")
    int dailyMax();

    /** The one-partition topic whose owner in {@link #leaderGroup()} leads the automatic recovery. */
    @WithName("textloom.recovery.auto.leader-topic")
    @WithDefault("textloom.recovery.leader")
    String leaderTopic();

    /** The consumer group of every disaster-recovery replica for the leader election. */
    @WithName("textloom.recovery.auto.leader-group")
    @WithDefault("disaster-recovery-leader")
    String leaderGroup();
}
