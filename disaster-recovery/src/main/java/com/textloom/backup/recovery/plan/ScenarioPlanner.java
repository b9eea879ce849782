package com.textloom.backup.recovery.plan;

import com.textloom.backup.recovery.catalog.BackupCatalog;
import com.textloom.backup.recovery.catalog.BackupInfo;
import com.textloom.backup.recovery.catalog.CatalogUnavailableException;
import com.textloom.backup.recovery.config.RecoverConfig;
import com.textloom.backup.recovery.engine.Plan;
import com.textloom.backup.recovery.engine.PlannedStep;
import com.textloom.backup.recovery.engine.RunRequest;
import com.textloom.backup.recovery.postgres.DatabaseAside;
import com.textloom.backup.recovery.run.RunPlan;
import com.textloom.backup.recovery.run.RunReport;
import com.textloom.backup.recovery.run.RunStore;
import com.textloom.backup.recovery.scenario.Scenario;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a scenario of the guide's table (故障场景和恢复时间) into the steps of one recovery or drill, choosing the
 * backup before anything runs, so that a dry run shows exactly the plan a real run executes.
 *
 * <p>Recoveries restore over the live data (only with {@code BACKUP_DR_ALLOW_IN_PLACE=true} or {@code force},
 * refused with 403 otherwise; a dry run is always allowed and says so); drills restore into scratch targets
 * (a new database {@code <db>_drill_<id>}, the spare Redis db {@code BACKUP_DR_DRILL_REDIS_DB}, a directory under
 * {@code BACKUP_DR_DRILL_DIR}) and never touch production.
 */
@ApplicationScoped
public class ScenarioPlanner {
    @Inject
    RecoverConfig config;
    @Inject
    Steps steps;
    @Inject
    Instance<BackupCatalog> catalogs;

    /**
     * The plan of {@code request}, run {@code id}.
     *
     * @throws PlanRefusedException when it cannot be planned (unknown or unusable backup, no backup at all, live
     *                              data without permission, the catalogue unreachable, scenario not built)
     */
    public Plan plan(String id, RunRequest request, RunStore store) {
        Scenario s = request.scenario();
        if (request.source() != null && !request.source().isBlank()) {
            throw new PlanRefusedException(400, "bad_request", "source: restoring from a chosen remote is not supported yet;"
                    + " the manager restores from its own repository (leave source out)");
        }
        return switch (s) {
            case DATABASE_FAILURE -> database(id, request, store);
            default -> throw new PlanRefusedException(400, "not_built", "scenario " + s.id()
                    + " is not built yet; built: " + Scenario.DATABASE_FAILURE.id());
        };
    }

    private Plan database(String id, RunRequest request, RunStore store) {
        String db = liveDatabase();
        Chosen chosen = choose(request, "database");
        BackupInfo b = chosen.backup();
        List<PlannedStep> list = new ArrayList<>();
        Map<String, String> targets = new LinkedHashMap<>();
        List<String> overwrites = new ArrayList<>();
        if (request.drill()) {
            String scratch = scratchDatabase(db, id);
            targets.put("database", steps.shownDatabase(scratch) + " (scratch, new)");
            list.add(steps.chooseBackup(b, chosen.how(), List.of("database")));
            list.add(steps.verifyBackup(b));
            list.add(steps.restore(b, "database", new Steps.Target(false, scratch, null, null, steps.shownDatabase(scratch))));
            list.add(steps.prove());
            list.add(steps.measureRpo(List.of("database")));
            list.add(steps.dropScratchDatabase(scratch));
        } else {
            guardInPlace(request, "database " + db);
            targets.put("database", steps.shownDatabase(db) + " (in place)");
            overwrites.add("database " + db + " on " + steps.shownDatabase(db) + ": set aside as " + db
                    + "_failed_<time> (kept, never dropped), re-created empty and restored in place from backup "
                    + b.backupId() + " (the manager takes a safety backup of the empty database first)");
            list.add(steps.detect(request.scenario().id()));
            list.add(steps.chooseBackup(b, chosen.how(), List.of("database")));
            list.add(steps.verifyBackup(b));
            list.add(steps.setAsideDatabase());
            list.add(steps.restore(b, "database", Steps.Target.inPlace(steps.shownDatabase(db))));
            list.add(steps.hook("restart_database", "BACKUP_DR_POSTGRES_RESTART_COMMAND", config.postgresRestartCommand(),
                    "restart PostgreSQL / the application's connections",
                    "restart the application (or its connection pools) so it reconnects to the restored database " + db));
            list.add(steps.prove());
            list.add(steps.checkHealth(List.of("postgresql", "application")));
        }
        return new Plan(summary(request, b, targets, overwrites, store), b, list);
    }

    /** A drill's scratch database name: {@code <db>_drill_<last 6 characters of the id>}, at most 63. */
    static String scratchDatabase(String db, String id) {
        String suffix = DatabaseAside.DRILL_MARKER + id.substring(Math.max(0, id.length() - 6));
        return (db.length() + suffix.length() > 63 ? db.substring(0, 63 - suffix.length()) : db) + suffix;
    }

    private void guardInPlace(RunRequest request, String what) {
        if (!request.dryRun() && !request.force() && !config.allowInPlace()) {
            throw new PlanRefusedException(403, "in_place_not_allowed", "this recovery restores over the live " + what
                    + ": set BACKUP_DR_ALLOW_IN_PLACE=true or ask with force (--force); try --dry-run first to see the plan");
        }
    }

    private record Chosen(BackupInfo backup, String how) {
    }

    private Chosen choose(RunRequest request, String component) {
        BackupCatalog catalog = catalogs.get();
        try {
            if (request.backupId() != null && !request.backupId().isBlank()) {
                BackupInfo b = catalog.find(request.backupId()).orElseThrow(() -> new PlanRefusedException(400, "unknown_backup",
                        "backup_id: no backup " + request.backupId() + " in the manager's catalogue (GET /api/backups lists them)"));
                BackupInfo.ComponentInfo c = b.components().get(component);
                if (c == null || !"success".equals(c.status())) {
                    throw new PlanRefusedException(400, "unusable_backup", "backup_id: backup " + b.backupId() + " has no successful "
                            + component + " component (" + (c == null ? "absent" : c.status()) + ")");
                }
                return new Chosen(b, "asked for");
            }
            Optional<BackupInfo> newest = catalog.newestGood(component);
            return newest.map(b -> new Chosen(b, "the newest backup whose " + component + " component succeeded"))
                    .orElseThrow(() -> new PlanRefusedException(400, "no_backup", "no backup with a successful " + component
                            + " component: there is nothing to recover from (make one: backup --components " + component + ")"));
        } catch (CatalogUnavailableException e) {
            throw new PlanRefusedException(503, "catalog_unavailable", "the manager's backup catalogue cannot be read: " + e.getMessage());
        }
    }

    private RunPlan summary(RunRequest request, BackupInfo b, Map<String, String> targets, List<String> overwrites, RunStore store) {
        Optional<RunReport> lastDrill = store.select(r -> r.isDrill() && r.scenario().equals(request.scenario().id())
                && RunReport.SUCCESS.equals(r.status()) && r.measuredRtoMs() != null).stream().findFirst();
        Long estimate = lastDrill.map(RunReport::measuredRtoMs).orElse(null);
        String basis = lastDrill.map(r -> "measured by drill " + r.drillId() + " of " + r.completedAt())
                .orElse("no successful drill of " + request.scenario().id() + " yet: run one to know (drill --scenario "
                        + request.scenario().id() + ")");
        return new RunPlan(b == null ? null : b.backupId(), b == null ? null : b.repository(), targets, overwrites, estimate, basis);
    }

    private String liveDatabase() {
        try {
            return steps.liveDatabase();
        } catch (IllegalStateException e) {
            throw new PlanRefusedException(400, "not_configured", e.getMessage());
        }
    }
}
