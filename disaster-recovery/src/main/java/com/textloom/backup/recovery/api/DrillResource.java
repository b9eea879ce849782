package com.textloom.backup.recovery.api;

import com.textloom.backup.recovery.engine.RunEngine;
import com.textloom.backup.recovery.run.RunReport;
import com.textloom.backup.support.api.ApiException;
import com.textloom.backup.support.security.Caller;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The guide's {@code disaster_recovery.py drill --scenario X} as REST (DR-API.md): {@code POST /api/drills} runs the
 * scenario's plan against scratch targets (202, followed at {@code GET /api/drills/{id}}); the report is JSON, or
 * the drill report page for a browser ({@code Accept: text/html}).
 */
@Path("/api/drills")
@Consumes(MediaType.APPLICATION_JSON)
public class DrillResource {
    @Inject
    RunApi api;

    @Inject
    RunEngine engine;

    @Inject
    Caller caller;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response start(@Valid RunBodies.Drill json) {
        RunBodies.Drill body = json == null ? new RunBodies.Drill(null, null, null, null) : json;
        return api.start(
                body.scenario(),
                true,
                false,
                body.backupId(),
                body.source(),
                false,
                Boolean.TRUE.equals(body.keep()),
                caller.name());
    }

    /** Every drill kept, newest first. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<RunReport> list() {
        return engine.store().list(true);
    }

    /** One drill: JSON, or its report page when the client prefers HTML (a browser). */
    @GET
    @Path("/{id}")
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_HTML})
    public Response get(@PathParam("id") String id, @HeaderParam("Accept") String accept) {
        boolean html = accept != null && accept.contains("text/html");
        return engine.store()
                .drill(id)
                .map(d -> html
                        ? Response.ok(DrillReportPage.render(d), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                                .build()
                        : Response.ok(d, MediaType.APPLICATION_JSON_TYPE).build())
                .orElseThrow(() -> ApiException.notFound("no drill " + id + " (GET /api/drills lists them)"));
    }
}
