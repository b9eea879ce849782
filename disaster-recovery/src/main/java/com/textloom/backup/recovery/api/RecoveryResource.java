package com.textloom.backup.recovery.api;

import com.textloom.backup.recovery.engine.RunEngine;
import com.textloom.backup.recovery.run.RunReport;
import com.textloom.backup.support.security.Caller;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The guide's {@code disaster_recovery.py recover --scenario X [--dry-run]} as REST (DR-API.md):
 * {@code POST /api/recoveries} starts one (202, followed at {@code GET /api/recoveries/{id}} until success or failed).
 */
@Path("/api/recoveries")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RecoveryResource {
    private static final Set<String> FIELDS = Set.of("scenario", "dry_run", "backup_id", "source", "force");

    @Inject
    RunApi api;
    @Inject
    RunEngine engine;
    @Inject
    Caller caller;

    @POST
    public Response start(Map<String, Object> body) {
        return api.start(body, false, caller.name(), FIELDS);
    }

    /** Every recovery kept, newest first. */
    @GET
    public List<RunReport> list() {
        return engine.store().list(false);
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        return engine.store().recovery(id).map(r -> Response.ok(r).build())
                .orElseGet(() -> RunApi.error(404, "not_found", "no recovery " + id + " (GET /api/recoveries lists them)"));
    }
}
