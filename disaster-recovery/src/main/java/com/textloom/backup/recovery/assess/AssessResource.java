package com.textloom.backup.recovery.assess;

import com.textloom.backup.support.api.ApiException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /api/assess}: the newest periodic assessment (the guide's {@code disaster_recovery.py assess} JSON);
 * {@code ?fresh=true} assesses now (at most BACKUP_DR_CHECK_TIMEOUT and a small margin). Always 200 with the
 * assessment, whatever its status; 400 for a {@code fresh} that is not true or false. A read: no API key needed,
 * and the answer holds no secret (URLs without user info or query, no keys).
 */
@Path("/api/assess")
@Produces(MediaType.APPLICATION_JSON)
public class AssessResource {

    @Inject
    Assessor assessor;

    @GET
    public Response assess(@QueryParam("fresh") String fresh) {
        boolean now;
        if (fresh == null || fresh.isBlank() || fresh.equalsIgnoreCase("false")) {
            now = false;
        } else if (fresh.equalsIgnoreCase("true")) {
            now = true;
        } else {
            throw ApiException.badRequest("fresh", "fresh: must be true or false (got '" + fresh + "')");
        }
        return Response.ok(now ? assessor.assess() : assessor.latest()).build();
    }
}
