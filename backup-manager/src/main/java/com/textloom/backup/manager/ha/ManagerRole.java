package com.textloom.backup.manager.ha;

import com.textloom.backup.support.config.BackupConfig;
import com.textloom.backup.support.leader.LeaderElection;
import com.textloom.backup.support.messaging.KafkaClientSecurity;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Whether this manager works or waits (README "High availability").
 *
 * <p>{@code BACKUP_MODE=active} (the default): the manager works from the start, alone. {@code BACKUP_MODE=standby}:
 * every replica of an HA pair is started so; each joins the election of service-support's {@link LeaderElection}
 * (one-partition topic {@code textloom.backup.manager.leader}, group {@code backup-manager-leader}) and only the
 * elected one works. Until it is elected a standby: has not joined the request consumer groups (the channels
 * {@code requests} and {@code storage-requests} are paused with late subscription, so no partition is ever assigned
 * to it), has not opened the state directory (operations, outbox: shared with the active one), and answers 503 to
 * every API call but {@code GET /api/status} and the backup list ({@link StandbyFilter}).
 *
 * <p>Guarantees: {@link ManagerActivated} is fired at most once per process, before the request channels are
 * resumed, so the operations accepted by a previous holder are resumed before new requests are taken. An active
 * manager that loses the leadership while it runs (its session expired: a long pause or a partition from the broker)
 * halts at once (exit status 75), without running another line of a job: the new leader reruns what it left
 * (backups are idempotent by request id), and the orchestrator starts it again as a standby.
 *
 * <p>Split brain: the Kafka client learns of a lost leadership only once it reaches the broker again, so an active
 * manager cut off from the broker would go on working beside the new leader. The election's lease
 * ({@link LeaderElection#holdsLease()}) closes that window: a watchdog halts the manager (exit status 75) as soon
 * as its lease has run out, which is {@link LeaderElection#LEASE_MARGIN} before another manager can be elected; and a
 * backup's commit point asks {@link #confirmLeadership()} first, for a manager that was paused (the watchdog did
 * not run) past its lease. What remains is the gap between that check and the snapshot's rename (milliseconds, unless
 * the process is paused exactly there).
 */
@ApplicationScoped
public class ManagerRole {
    private static final Logger LOG = Logger.getLogger(ManagerRole.class);
    /** The channels a standby does not consume. */
    static final List<String> CHANNELS = List.of("requests", "storage-requests");
    /** Exit status of an active manager that lost its leadership. */
    static final int DEPOSED_EXIT = 75;

    @Inject
    BackupConfig config;

    @Inject
    Event<ManagerActivated> activated;

    @Inject
    ChannelRegistry channels;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "textloom.manager.ha.leader-topic", defaultValue = "textloom.backup.manager.leader")
    String leaderTopic;

    @ConfigProperty(name = "textloom.manager.ha.leader-group", defaultValue = "backup-manager-leader")
    String leaderGroup;

    private final String instance = LeaderElection.hostAndPid();
    private volatile boolean active;
    private volatile boolean stopping;
    private volatile Instant since;
    private LeaderElection election;
    private Thread watchdog;

    /** After every other start-up observer (the channels are wired by then). */
    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 900) StartupEvent event) {
        if (config.mode() == BackupConfig.Mode.ACTIVE) {
            activate();
            return;
        }
        LOG.infof(
                "BACKUP_MODE=standby: %s waits for the leadership (topic %s, group %s) and takes no work before",
                instance, leaderTopic, leaderGroup);
        Map<String, Object> client = new HashMap<>(KafkaClientSecurity.of(kafkaConfig));
        client.put("bootstrap.servers", bootstrapServers);
        election = new LeaderElection(
                        client,
                        leaderTopic,
                        leaderGroup,
                        instance,
                        "active backup manager",
                        true,
                        c -> activate(),
                        this::deposed)
                .start();
        watchdog = new Thread(this::watchLease, "manager-lease-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private void watchLease() {
        while (!stopping) {
            if (active && election.leaseExpired()) {
                halt("its lease of the leadership ran out (no contact with the group coordinator for "
                        + LeaderElection.SESSION
                                .minus(LeaderElection.LEASE_MARGIN)
                                .toSeconds() + " s)");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Returns when this manager may commit work as the active one; halts the process (exit status 75) when it is
     * the elected one of an HA pair and no longer holds its lease (class comment, "Split brain"). Returns at once in
     * {@code BACKUP_MODE=active}, where there is no election.
     */
    public void confirmLeadership() {
        if (election != null && !stopping && !election.holdsLease()) {
            halt("its lease of the leadership is not valid at a commit point");
        }
    }

    private synchronized void activate() {
        if (active) {
            return;
        }
        activated.fire(new ManagerActivated(mode()));
        active = true;
        since = Instant.now();
        for (String name : CHANNELS) {
            PausableChannel channel = channels.getPausable(name);
            if (channel != null) {
                channel.resume();
            } else {
                LOG.errorf(
                        "channel %s is not pausable (mp.messaging.incoming.%s.pausable): it was never paused",
                        name, name);
            }
        }
        LOG.infof("%s is the active backup manager (BACKUP_MODE=%s): taking requests", instance, mode());
    }

    private void deposed() {
        if (stopping) {
            return;
        }
        halt("it lost the leadership of the backup managers while active");
    }

    private void halt(String why) {
        LOG.errorf(
                "%s: %s; halting now so that only the new leader works (its unfinished requests are rerun there)",
                instance, why);
        Runtime.getRuntime().halt(DEPOSED_EXIT);
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        if (election != null) {
            election.close();
        }
    }

    /** Whether this manager works (active, or a standby that won the election). */
    public boolean active() {
        return active;
    }

    /** {@code active} or {@code standby}, as BACKUP_MODE says. */
    public String mode() {
        return config.mode().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** For {@code GET /api/status}: mode, role now, instance name, since when active. */
    public Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("mode", mode());
        s.put("role", active ? "active" : "standby");
        s.put("instance", instance);
        if (since != null) {
            s.put("active_since", since.toString());
        }
        return s;
    }
}
