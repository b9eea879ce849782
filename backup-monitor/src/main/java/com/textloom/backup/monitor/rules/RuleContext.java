package com.textloom.backup.monitor.rules;

import com.textloom.backup.monitor.config.MonitorSettings;
import com.textloom.backup.monitor.probe.ProbeSnapshot;
import com.textloom.backup.monitor.state.MonitorState;
import java.time.Instant;

/**
 * What a rule looks at.
 *
 * @param state     the monitor's view from events
 * @param probes    latest probe results
 * @param settings  thresholds
 * @param now       evaluation time
 * @param startedAt when this monitor instance started (a component never backed up is late once its
 *                  RPO has passed since the earliest of this and the first event seen)
 */
public record RuleContext(
        MonitorState state, ProbeSnapshot probes, MonitorSettings settings, Instant now, Instant startedAt) {

    /**
     * Since when something that never happened (a component never backed up, a scenario never drilled) counts as
     * missing: the earliest of this instance's start and the first event it saw, never the epoch, so a fresh install
     * raises nothing until a whole RPO or drill period has passed.
     */
    public Instant origin() {
        return state.firstEventAt().filter(f -> f.isBefore(startedAt)).orElse(startedAt);
    }
}
