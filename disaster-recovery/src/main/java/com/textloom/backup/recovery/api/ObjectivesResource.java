package com.textloom.backup.recovery.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.textloom.backup.recovery.catalog.BackupCatalog;
import com.textloom.backup.recovery.catalog.CatalogUnavailableException;
import com.textloom.backup.recovery.engine.RunEngine;
import com.textloom.backup.recovery.plan.RpoEstimate;
import com.textloom.backup.recovery.run.RunReport;
import com.textloom.backup.recovery.scenario.Scenario;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/objectives}: the guide's RTO/RPO table (故障场景和恢复时间) as it stands: per scenario the targets
 * (the guide's, or BACKUP_DR_RTO / BACKUP_DR_RPO), the last drill's measured RTO, the RPO achievable now
 * (interval between the newest good backups + age of the newest, asked from the manager's catalogue now) and
 * whether each is met. A scenario never drilled has no measured RTO ({@code rto_met} null); when the catalogue
 * cannot be read the achievable RPO is null and {@code error} says why.
 */
@Path("/api/objectives")
@Produces(MediaType.APPLICATION_JSON)
public class ObjectivesResource {
    @Inject
    RunEngine engine;

    @Inject
    Instance<BackupCatalog> catalogs;

    @GET
    public Objectives objectives() {
        List<Objective> out = new ArrayList<>();
        String error = null;
        Instant now = Instant.now();
        for (Scenario s : Scenario.values()) {
            long rto = engine.targets().rto(s).toSeconds();
            long rpo = engine.targets().rpo(s).toSeconds();
            Optional<RunReport> drill =
                    engine.store().select(r -> r.isDrill() && r.scenario().equals(s.id()) && r.finished()).stream()
                            .findFirst();
            Long measured = drill.map(RunReport::measuredRtoMs)
                    .map(ms -> (ms + 999) / 1000)
                    .orElse(null);
            Boolean rtoMet = drill.map(d -> RunReport.SUCCESS.equals(d.status()) && measured != null && measured <= rto)
                    .orElse(null);
            Long achievable = null;
            if (s != Scenario.APPLICATION_FAILURE) {
                try {
                    // storage_failure loses backups, not live data: what is at stake is every component's newest copy
                    List<String> components =
                            s.components().isEmpty() ? Scenario.FULL_DISASTER.components() : s.components();
                    RpoEstimate e = RpoEstimate.of(catalogs.get(), components, now);
                    achievable = e.achievable() == null ? null : e.achievable().toSeconds();
                } catch (CatalogUnavailableException e) {
                    error = e.getMessage();
                }
            } else {
                achievable = 0L; // a restart restores nothing from a backup: no data is lost
            }
            out.add(new Objective(
                    s.id(),
                    rto,
                    rpo,
                    drill.map(RunReport::drillId).orElse(null),
                    drill.map(RunReport::completedAt).orElse(null),
                    measured,
                    rtoMet,
                    achievable,
                    achievable == null ? Boolean.FALSE : achievable <= rpo));
        }
        return new Objectives(out, error);
    }

    /** The answer. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Objectives(List<Objective> scenarios, String error) {}

    /** One row of the guide's table with what was measured. */
    public record Objective(
            String scenario,
            long rtoTargetSeconds,
            long rpoTargetSeconds,
            String lastDrillId,
            Instant lastDrillAt,
            Long measuredRtoSeconds,
            Boolean rtoMet,
            Long achievableRpoSeconds,
            Boolean rpoMet) {}
}
