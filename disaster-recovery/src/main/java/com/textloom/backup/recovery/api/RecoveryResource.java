package com.textloom.backup.recovery.api;

import com.textloom.backup.recovery.engine.RunEngine;
import com.textloom.backup.recovery.run.RunReport;
import com.textloom.backup.support.api.ApiException;
import com.textloom.backup.support.security.Caller;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The guide's {@code disaster_recovery.py recover --scenario X [--dry-run]} as REST (DR-API.md):
 * {@code POST /api/recoveries} starts one (202, followed at {@code GET /api/recoveries/{id}} until success or failed).
 */
@Path("/api/recoveries")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RecoveryResource {
    @Inject
    RunApi api;

    @Inject
    RunEngine engine;

    @Inject
    Caller caller;

    @POST
    public Response start(@Valid RunBodies.Recovery json) {
        RunBodies.Recovery body = json == null ? new RunBodies.Recovery(null, null, null, null, null) : json;
        return api.start(
                body.scenario(),
                false,
                Boolean.TRUE.equals(body.dryRun()),
                body.backupId(),
                body.source(),
                Boolean.TRUE.equals(body.force()),
                false,
                caller.name());
    }

    /** Every recovery kept, newest first. */
    @GET
    public List<RunReport> list() {
        return engine.store().list(false);
    }

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") String id) {
        return engine.store()
                .recovery(id)
                .map(r -> Response.ok(r).build())
                .orElseThrow(() -> ApiException.notFound("no recovery " + id + " (GET /api/recoveries lists them)"));
    }
}
