package com.textloom.backup.recovery.api;

import com.textloom.backup.recovery.engine.RunEngine;
import com.textloom.backup.recovery.engine.RunRequest;
import com.textloom.backup.recovery.plan.PlanRefusedException;
import com.textloom.backup.recovery.plan.ScenarioPlanner;
import com.textloom.backup.recovery.run.RunReport;
import com.textloom.backup.recovery.scenario.Scenario;
import com.textloom.backup.support.api.ApiException;
import com.textloom.backup.support.api.ErrorResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * What {@code POST /api/recoveries} and {@code POST /api/drills} share: read the body, plan, claim the engine, start,
 * and answer 202 with the first report and its Location, or the suite's error body (400 bad input, 403 live data
 * without permission, 409 busy naming the run in progress, 503 the catalogue unreachable).
 */
@ApplicationScoped
public class RunApi {
    @Inject
    RunEngine engine;

    @Inject
    ScenarioPlanner planner;

    /**
     * Starts a run of {@code scenario} for {@code user}: 202 with the first report and its Location, or the refusal
     * as an {@link com.textloom.backup.support.api.ApiException} (a {@link PlanRefusedException} from planning).
     */
    public Response start(
            String scenario,
            boolean drill,
            boolean dryRun,
            String backupId,
            String source,
            boolean force,
            boolean keep,
            String user) {
        RunRequest request = new RunRequest(scenario(scenario), drill, dryRun, backupId, source, force, keep, user);
        String id = engine.newId(drill);
        try {
            RunReport first = launch(id, request);
            return Response.accepted(first)
                    .location(URI.create((drill ? "/api/drills/" : "/api/recoveries/") + id))
                    .build();
        } catch (RunEngine.BusyException e) {
            return new BusyAnswer(ErrorResponse.CONFLICT, e.getMessage(), e.runningId()).answer();
        }
    }

    /**
     * Claims the engine for run {@code id}, plans {@code request} and starts it: what the REST API, the automatic
     * recovery and the request consumer share. Returns the run's first report.
     *
     * @throws RunEngine.BusyException naming the run in progress (nothing was started)
     * @throws PlanRefusedException    when the plan cannot be built (the claim is given back)
     */
    public RunReport launch(String id, RunRequest request) {
        engine.claim(id);
        try {
            return engine.start(id, request, planner.plan(id, request, engine.store()));
        } catch (RuntimeException e) {
            engine.release(id);
            throw e;
        }
    }

    private static Scenario scenario(String name) {
        if (name == null || name.isBlank()) {
            throw ApiException.badRequest(
                    "scenario",
                    "scenario: required, one of "
                            + String.join(
                                    ", ",
                                    java.util.Arrays.stream(Scenario.values())
                                            .map(Scenario::id)
                                            .toList()));
        }
        try {
            return Scenario.of(name);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("scenario", "scenario: " + e.getMessage());
        }
    }

    /**
     * The 409 answer: the suite's error body ({@link ErrorResponse}: {@code error} {@code conflict}, {@code message})
     * plus {@code running_id}, the run in progress, so that a client can follow it instead.
     */
    public record BusyAnswer(String error, String message, String runningId) {
        Response answer() {
            return Response.status(409)
                    .type(jakarta.ws.rs.core.MediaType.APPLICATION_JSON_TYPE)
                    .entity(this)
                    .build();
        }
    }
}
