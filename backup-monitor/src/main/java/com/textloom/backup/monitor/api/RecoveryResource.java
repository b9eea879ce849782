package com.textloom.backup.monitor.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.textloom.backup.http.WholeExchange;
import com.textloom.backup.monitor.MonitorService;
import com.textloom.backup.monitor.engine.MonitorNode;
import com.textloom.backup.monitor.recovery.DisasterRecoveryClient;
import com.textloom.backup.monitor.rules.DrillOverdueRule;
import com.textloom.backup.monitor.rules.RuleContext;
import com.textloom.backup.monitor.state.MonitorState;
import com.textloom.backup.monitor.state.RecoveryRun;
import com.textloom.backup.support.api.ApiException;
import com.textloom.backup.support.api.ErrorResponse;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Drills and recoveries as the monitor saw them on {@code textloom.recovery.events}, and disaster-recovery's objectives
 * and reports relayed for the dashboard:
 * <ul>
 *   <li>{@code GET /api/recovery}: per scenario its conditions (drill failed, RTO exceeded, drill overdue, recovery
 *       failed) and last successful drill; the newest {@value #LATEST} drills and recoveries, newest first, each with
 *       the monitor's link to its report; the measured RTO of every successful drill kept, per scenario, oldest
 *       first (the monitor keeps the newest {@value MonitorState#RUNS_KEPT} drills and recoveries);</li>
 *   <li>{@code GET /api/recovery/objectives}: disaster-recovery's {@code GET /api/objectives} (at most 5 s old), or the
 *       error that kept it from answering;</li>
 *   <li>{@code GET /api/recovery/drills/{id}/report} and {@code GET /api/recovery/recoveries/{id}/report}: its drill
 *       report page (HTML, served with a policy that runs no script) and its recovery report (JSON), streamed.</li>
 * </ul>
 */
@Path("/api/recovery")
@Produces(MediaType.APPLICATION_JSON)
public class RecoveryResource {

    static final int LATEST = 20;
    /** The drill report page is disaster-recovery's own, self-contained: no script, no other resource. */
    static final String REPORT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    @Inject
    MonitorService service;

    @Inject
    DisasterRecoveryClient dr;

    /** One drill or recovery. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Run(
            String kind,
            String id,
            String repository,
            String scenario,
            String status,
            boolean dryRun,
            Instant startedAt,
            Instant completedAt,
            double durationSeconds,
            long rtoTargetSeconds,
            boolean rtoMet,
            Long rpoSeconds,
            boolean rpoMet,
            String error,
            String reportUrl) {

        static Run of(RecoveryRun r) {
            return new Run(
                    r.kind(),
                    r.id(),
                    r.repository(),
                    r.scenario(),
                    r.status(),
                    r.dryRun(),
                    r.startedAt(),
                    r.completedAt(),
                    r.durationMs() / 1000.0,
                    r.rtoTargetSeconds(),
                    r.rtoMet(),
                    r.rpoSeconds(),
                    r.rpoMet(),
                    r.error(),
                    "/api/recovery/" + (r.drill() ? "drills/" : "recoveries/") + r.id() + "/report");
        }
    }

    /** A scenario's conditions. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Scenario(
            String scenario,
            Long drillPeriodSeconds,
            String lastGoodDrillId,
            Instant lastGoodDrillAt,
            Double measuredRtoSeconds,
            boolean drillFailed,
            boolean rtoExceeded,
            boolean drillOverdue,
            boolean recoveryFailed) {}

    /** One point of the RTO history. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RtoPoint(String drillId, Instant at, double rtoSeconds, long rtoTargetSeconds) {}

    /** The measured RTO history of a scenario. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RtoHistory(String scenario, List<RtoPoint> points) {}

    /** {@code GET /api/recovery}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record View(List<Scenario> scenarios, List<Run> drills, List<Run> recoveries, List<RtoHistory> rtoHistory) {}

    /** {@code GET /api/recovery/objectives}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ObjectivesView(String source, Instant fetchedAt, JsonNode scenarios, String error) {}

    @GET
    public View view() {
        MonitorNode node = service.node();
        MonitorState state = node.state();
        List<RecoveryRun> runs = state.runs();
        Map<String, Duration> periods = node.settings().drillPeriods();
        Map<String, Duration> overdue = DrillOverdueRule.overdue(
                new RuleContext(state, node.probes(), node.settings(), Instant.now(), node.startedAt()));
        TreeSet<String> names = new TreeSet<>(periods.keySet());
        runs.forEach(r -> names.add(r.scenario()));
        Map<String, RecoveryRun> good = state.lastGoodDrills();
        List<Scenario> scenarios = new ArrayList<>();
        List<RtoHistory> history = new ArrayList<>();
        for (String s : names) {
            RecoveryRun g = good.get(s);
            scenarios.add(new Scenario(
                    s,
                    periods.containsKey(s) ? periods.get(s).toSeconds() : null,
                    g == null ? null : g.id(),
                    g == null ? null : g.completedAt(),
                    g == null ? null : g.durationMs() / 1000.0,
                    state.failingDrills().containsKey(s),
                    state.slowDrills().containsKey(s),
                    overdue.containsKey(s),
                    state.failingRecoveries().containsKey(s)));
            List<RtoPoint> points = runs.stream()
                    .filter(r -> r.drill() && r.succeeded() && r.scenario().equals(s))
                    .map(r -> new RtoPoint(r.id(), r.completedAt(), r.durationMs() / 1000.0, r.rtoTargetSeconds()))
                    .toList();
            if (!points.isEmpty()) {
                history.add(new RtoHistory(s, points));
            }
        }
        List<RecoveryRun> newestFirst = runs.stream()
                .sorted(Comparator.comparing(RecoveryRun::completedAt).reversed())
                .toList();
        return new View(
                scenarios,
                newestFirst.stream()
                        .filter(RecoveryRun::drill)
                        .limit(LATEST)
                        .map(Run::of)
                        .toList(),
                newestFirst.stream()
                        .filter(r -> !r.drill())
                        .limit(LATEST)
                        .map(Run::of)
                        .toList(),
                history);
    }

    @GET
    @Path("/objectives")
    public ObjectivesView objectives() {
        DisasterRecoveryClient.Objectives o = dr.objectives();
        return new ObjectivesView(
                o.source(),
                o.fetchedAt(),
                o.answer() == null ? null : o.answer().path("scenarios"),
                o.error() != null
                        ? o.error()
                        : o.answer().path("error").isTextual()
                                ? o.answer().path("error").asText()
                                : null);
    }

    @GET
    @Path("/drills/{id}/report")
    @Produces({MediaType.TEXT_HTML, MediaType.APPLICATION_JSON})
    public Response drillReport(@PathParam("id") String id) {
        return relay(true, id);
    }

    @GET
    @Path("/recoveries/{id}/report")
    public Response recoveryReport(@PathParam("id") String id) {
        return relay(false, id);
    }

    private Response relay(boolean drill, String id) {
        WholeExchange.Bounded res;
        try {
            res = dr.report(drill, id);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("id", "id: " + e.getMessage());
        } catch (IOException e) {
            throw new ApiException(
                    502, ErrorResponse.BAD_GATEWAY, "disaster-recovery unreachable: " + e.getMessage(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable(null, "interrupted while asking disaster-recovery");
        }
        if (res.larger(DisasterRecoveryClient.MAX_ANSWER)) {
            throw new ApiException(
                    502,
                    ErrorResponse.BAD_GATEWAY,
                    "disaster-recovery's report is larger than " + DisasterRecoveryClient.MAX_ANSWER + " bytes",
                    null);
        }
        Response.ResponseBuilder b = Response.status(res.status())
                .entity(res.body())
                .type(res.headers().firstValue("Content-Type").orElse(MediaType.APPLICATION_JSON));
        if (drill) {
            b.header("Content-Security-Policy", REPORT_POLICY);
        }
        return b.build();
    }
}
