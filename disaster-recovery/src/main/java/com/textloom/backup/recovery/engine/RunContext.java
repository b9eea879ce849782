package com.textloom.backup.recovery.engine;

import com.textloom.backup.events.RestoredComponent;
import com.textloom.backup.recovery.catalog.BackupInfo;
import com.textloom.backup.recovery.run.ProofItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the steps of one run share: the request, the backup chosen when it was planned, and what earlier steps
 * found (the manager's restore results, the proof, issues and recommendations for the report). Used by the run's
 * own thread only.
 */
public final class RunContext {
    private final String id;
    private final RunRequest request;
    private final BackupInfo backup;
    private final Instant startedAt;
    private final Map<String, RestoredComponent> restored = new LinkedHashMap<>();
    private final List<ProofItem> proof = new ArrayList<>();
    private final List<String> issues = new ArrayList<>();
    private final List<String> recommendations = new ArrayList<>();
    private java.time.Duration achievableRpo;

    public RunContext(String id, RunRequest request, BackupInfo backup, Instant startedAt) {
        this.id = id;
        this.request = request;
        this.backup = backup;
        this.startedAt = startedAt;
    }

    /** The recovery or drill id, also the correlation id of the requests it makes. */
    public String id() {
        return id;
    }

    public RunRequest request() {
        return request;
    }

    /** The backup recovered from, null when the scenario restores nothing. */
    public BackupInfo backup() {
        return backup;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** The manager's result per restored component, in restore order. */
    public Map<String, RestoredComponent> restored() {
        return restored;
    }

    public List<ProofItem> proof() {
        return proof;
    }

    public List<String> issues() {
        return issues;
    }

    public List<String> recommendations() {
        return recommendations;
    }

    /** The RPO achievable now (schedule interval + age of the newest good backup), null until measured. */
    public java.time.Duration achievableRpo() {
        return achievableRpo;
    }

    public void achievableRpo(java.time.Duration rpo) {
        this.achievableRpo = rpo;
    }

    /** Adds a finding once. */
    public void issue(String text) {
        if (!issues.contains(text)) {
            issues.add(text);
        }
    }

    /** Adds a recommendation once. */
    public void recommend(String text) {
        if (!recommendations.contains(text)) {
            recommendations.add(text);
        }
    }
}
