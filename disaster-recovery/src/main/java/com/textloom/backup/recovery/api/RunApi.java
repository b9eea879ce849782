package com.textloom.backup.recovery.api;

import com.textloom.backup.recovery.engine.RunEngine;
import com.textloom.backup.recovery.engine.RunRequest;
import com.textloom.backup.recovery.plan.PlanRefusedException;
import com.textloom.backup.recovery.plan.ScenarioPlanner;
import com.textloom.backup.recovery.run.RunReport;
import com.textloom.backup.recovery.scenario.Scenario;
import com.textloom.backup.support.api.ErrorResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * What {@code POST /api/recoveries} and {@code POST /api/drills} share: read the body, plan, claim the engine, start,
 * and answer 202 with the first report and its Location, or the error (400 bad input, 403 live data without
 * permission, 409 busy naming the run in progress, 503 the catalogue unreachable).
 */
@ApplicationScoped
public class RunApi {
    @Inject
    RunEngine engine;
    @Inject
    ScenarioPlanner planner;

    /** Starts a run of {@code body} ({@code accepted} fields only) for {@code user}. */
    public Response start(Map<String, Object> body, boolean drill, String user, Set<String> accepted) {
        RunRequest request;
        try {
            request = read(body == null ? Map.of() : body, drill, user, accepted);
        } catch (IllegalArgumentException e) {
            return error(400, "bad_request", e.getMessage());
        }
        String id = engine.newId(drill);
        try {
            RunReport first = launch(id, request);
            return Response.accepted(first).location(URI.create((drill ? "/api/drills/" : "/api/recoveries/") + id)).build();
        } catch (RunEngine.BusyException e) {
            return Response.status(409).entity(new BusyAnswer("conflict", e.getMessage(), e.runningId())).build();
        } catch (PlanRefusedException e) {
            return error(e.status(), e.error(), e.getMessage());
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

    private static RunRequest read(Map<String, Object> body, boolean drill, String user, Set<String> accepted) {
        for (String k : body.keySet()) {
            if (!accepted.contains(k)) {
                throw new IllegalArgumentException(k + ": unknown field; accepted: " + String.join(", ", accepted.stream().sorted().toList()));
            }
        }
        Object sc = body.get("scenario");
        if (!(sc instanceof String name) || name.isBlank()) {
            throw new IllegalArgumentException("scenario: required, one of " + String.join(", ",
                    java.util.Arrays.stream(Scenario.values()).map(Scenario::id).toList()));
        }
        Scenario scenario;
        try {
            scenario = Scenario.of(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("scenario: " + e.getMessage(), e);
        }
        return new RunRequest(scenario, drill, flag(body, "dry_run"), text(body, "backup_id"), text(body, "source"),
                flag(body, "force"), flag(body, "keep"), user);
    }

    private static boolean flag(Map<String, Object> body, String name) {
        Object v = body.get(name);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(name + ": must be true or false (got " + v + ")");
    }

    private static String text(Map<String, Object> body, String name) {
        Object v = body.get(name);
        if (v == null) {
            return null;
        }
        if (v instanceof String s && s.matches("[A-Za-z0-9._:/@+-]{1,200}")) {
            return s;
        }
        throw new IllegalArgumentException(name + ": must be a plain text value (got " + v + ")");
    }

    static Response error(int status, String error, String message) {
        return Response.status(status).entity(new ErrorResponse(error, message)).build();
    }

    /** The 409 answer: the ErrorResponse fields plus the id of the run in progress. */
    public record BusyAnswer(String error, String message, String runningId) {
    }
}
