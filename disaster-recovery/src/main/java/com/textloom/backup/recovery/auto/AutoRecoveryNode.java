package com.textloom.backup.recovery.auto;

import com.textloom.backup.events.RecoveryDecided;
import com.textloom.backup.recovery.assess.Assessment;
import com.textloom.backup.support.leader.LeaderElection;
import java.util.List;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One replica's automatic recovery: its place in the leader election (service-support's {@link LeaderElection}, as the monitor elects its leader) and the guard rails
 * ({@link AutoDecider}). Assessments fed to a replica that does not lead are ignored, so several replicas fed the
 * same failures act once. Plain Java, so the service wires one and a test runs two against one broker.
 */
public final class AutoRecoveryNode implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AutoRecoveryNode.class);

    private final LeaderElection leadership;
    private final AutoDecider decider;
    private final AutoDecider.History history;
    private final AutoDecider.Starter starter;
    private final Consumer<RecoveryDecided> publisher;

    /**
     * @param publisher publishes a decision (event and audit line); called on the feeding thread
     */
    public AutoRecoveryNode(
            LeaderElection leadership,
            AutoDecider decider,
            AutoDecider.History history,
            AutoDecider.Starter starter,
            Consumer<RecoveryDecided> publisher) {
        this.leadership = leadership;
        this.decider = decider;
        this.history = history;
        this.starter = starter;
        this.publisher = publisher;
    }

    public AutoRecoveryNode start() {
        leadership.start();
        return this;
    }

    public boolean isLeader() {
        return leadership.isLeader();
    }

    public AutoDecider decider() {
        return decider;
    }

    /**
     * Decides on {@code assessment} when this replica leads, and publishes every new decision.
     *
     * @return the decisions published (none on a replica that does not lead)
     */
    public List<RecoveryDecided> feed(Assessment assessment, String trigger, String alertId) {
        if (!leadership.isLeader()) {
            return List.of();
        }
        List<RecoveryDecided> decisions = decider.observe(assessment, trigger, alertId, history, starter);
        decisions.forEach(this::publish);
        return decisions;
    }

    /** Publishes a decision taken outside {@link #feed} (an alert the assessment does not confirm), when leading. */
    public void publishIfLeading(RecoveryDecided decision) {
        if (leadership.isLeader()) {
            publish(decision);
        }
    }

    private void publish(RecoveryDecided d) {
        LOG.infof("automatic recovery of %s: %s (%s): %s", d.scenario(), d.decision(), d.reason(), d.message());
        try {
            publisher.accept(d);
        } catch (RuntimeException e) {
            LOG.errorf("decision about %s was not published: %s", d.scenario(), e.getMessage());
        }
    }

    @Override
    public void close() {
        leadership.close();
    }
}
