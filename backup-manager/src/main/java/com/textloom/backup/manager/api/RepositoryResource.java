package com.textloom.backup.manager.api;

import com.textloom.backup.manager.requests.RepositoryWorkers;
import com.textloom.backup.manager.service.RepositoryHolder;
import com.textloom.backup.support.api.ApiException;
import com.textloom.backup.support.audit.AuditLog;
import com.textloom.backup.support.security.Caller;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /api/repository/accept-new} {@code {"forget_repository_id": "<id of the lost repository>"}}: the
 * operator's explicit decision that the repository this manager used is lost for good (or was replaced on purpose):
 * the manager forgets it and from now on backs up into what is in the configured location, a new, empty repository
 * when that is empty ({@link RepositoryHolder#acceptNew}). Behind the API key (a POST), run on the repository's worker
 * between two requests, audited ({@code repository_accept_new}). Answers 200 with the repository now used, 400 when
 * the id does not name the remembered repository, 409 when the location cannot be accepted (data without a config).
 */
@Path("/api/repository")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RepositoryResource {
    @Inject
    RepositoryWorkers workers;

    @Inject
    RepositoryHolder repositories;

    @Inject
    AuditLog audit;

    @Inject
    Caller caller;

    @POST
    @Path("/accept-new")
    public Response acceptNew(@Valid RequestBodies.AcceptNew json)
            throws InterruptedException, java.util.concurrent.TimeoutException {
        String forget = json == null ? null : json.forgetRepositoryId();
        try {
            RepositoryHolder.Accepted a = workers.onManagersRepository(() -> {
                        try {
                            return repositories.acceptNew(forget);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .get(5, TimeUnit.MINUTES);
            audit.record(caller.name(), "repository_accept_new", null, "success");
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("repository", a.repository());
            answer.put("repository_id", a.id());
            answer.put("forgotten_repository_id", a.forgottenId());
            answer.put("snapshots", a.snapshots());
            return Response.ok(answer).build();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
            if (cause instanceof IllegalArgumentException bad) {
                throw ApiException.badRequest("forget_repository_id", bad.getMessage());
            }
            audit.record(caller.name(), "repository_accept_new", null, "failed");
            throw ApiException.conflict("the repository cannot be accepted: " + cause.getMessage());
        }
    }
}
