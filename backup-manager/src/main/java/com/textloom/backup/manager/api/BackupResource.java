package com.textloom.backup.manager.api;

import com.textloom.backup.events.BackupRequested;
import com.textloom.backup.events.BackupType;
import com.textloom.backup.events.RestoreRequested;
import com.textloom.backup.events.RetentionPolicy;
import com.textloom.backup.events.RetentionRequested;
import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.events.VerifyRequested;
import com.textloom.backup.manager.backup.RemoteSync;
import com.textloom.backup.manager.backup.Sources;
import com.textloom.backup.manager.catalog.BackupCatalog;
import com.textloom.backup.manager.catalog.BackupSummary;
import com.textloom.backup.manager.config.ManagerSettings;
import com.textloom.backup.manager.messaging.KafkaPublisher;
import com.textloom.backup.manager.messaging.RequestAdmission;
import com.textloom.backup.manager.operation.Operations;
import com.textloom.backup.manager.requests.BackupHandler;
import com.textloom.backup.manager.requests.DeleteHandler;
import com.textloom.backup.manager.restore.RestorePlan;
import com.textloom.backup.manager.restore.RestoreRefusedException;
import com.textloom.backup.manager.service.RepositoryHolder;
import com.textloom.backup.repository.SnapshotInfo;
import com.textloom.backup.support.api.ApiException;
import com.textloom.backup.support.security.Caller;
import com.textloom.backup.support.security.RequiresApiKey;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The manager's REST API on port 8080: the guide's {@code backup_manager.py} commands as HTTP.
 * Mutating requests become events on the requests topic, so REST and scheduled work take the
 * same path; each answers 202 with an {@code operation_id} to follow at {@code /api/operations/{id}}.
 * Bodies are {@link RequestBodies}; refusals are {@link ApiException}s, answered as the suite's one error body.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BackupResource {
    @Inject
    ManagerSettings settings;

    @Inject
    BackupHandler backups;

    @Inject
    DeleteHandler deletes;

    @Inject
    Operations operations;

    @Inject
    RepositoryHolder repositories;

    @Inject
    KafkaPublisher publisher;

    @Inject
    com.textloom.backup.manager.storage.StorageSelection storage;

    @Inject
    com.textloom.backup.manager.ha.ManagerRole role;

    @Inject
    RequestAdmission admission;
    /** The audit USER: the name of the API key presented (service-support's filter), "anonymous" without one. */
    @Inject
    Caller caller;

    @POST
    @Path("/backups")
    public Response create(@Valid RequestBodies.Backup json) {
        RequestBodies.Backup body = RequestBodies.orDefaults(json, new RequestBodies.Backup(null, null));
        BackupType type = BackupType.valueOf(
                Optional.ofNullable(body.type()).orElse("full").toUpperCase(Locale.ROOT));
        List<String> components = RequestBodies.list(body.components());
        try {
            Sources.validate(components);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("components", "components: " + e.getMessage());
        }
        String requestId = UUID.randomUUID().toString();
        String backupId = backups.newBackupId();
        operations.queue(requestId, "backup", backupId);
        publish(
                new BackupRequested(
                        requestId,
                        settings.repositoryName(),
                        type,
                        components,
                        caller.name(),
                        Instant.now(),
                        backupId,
                        null,
                        null),
                requestId);
        return Response.accepted(Map.of("backup_id", backupId, "operation_id", requestId, "status", "queued"))
                .build();
    }

    @GET
    @Path("/backups")
    public List<BackupSummary> list(
            @QueryParam("type") String type,
            @QueryParam("status") String status,
            @QueryParam("component") String component)
            throws IOException {
        return new BackupCatalog(repositories.describe()).list(repositories.get(), type, status, component);
    }

    /** A backup's detail (per-table figures, locations): needs the API key like a change. */
    @GET
    @Path("/backups/{id}")
    @RequiresApiKey
    public Response get(@PathParam("id") String id) throws IOException {
        return new BackupCatalog(repositories.describe())
                .detail(repositories.get(), id)
                .map(b -> Response.ok(b.withRemotes(
                                RemoteSync.presence(b.snapshotId(), settings.remotes(), settings.environment())))
                        .build())
                .orElseThrow(() -> notFound(id));
    }

    @POST
    @Path("/backups/{id}/verify")
    public Response verify(@PathParam("id") String id, @Valid RequestBodies.Verify json) throws IOException {
        RequestBodies.Verify body = RequestBodies.orDefaults(json, new RequestBodies.Verify(null, null));
        Integer percent = body.readDataPercent();
        boolean readData = RequestBodies.flag(body.readData(), percent != null);
        if (percent != null && !readData) {
            throw ApiException.badRequest(
                    "read_data_percent",
                    "read_data_percent: is the share of packs whose data is"
                            + " read; it needs read_data true (or read_data left out)");
        }
        if (find(id).isEmpty()) {
            throw notFound(id);
        }
        String op = UUID.randomUUID().toString();
        operations.queue(op, "verify", id);
        publish(
                new VerifyRequested(
                        op, settings.repositoryName(), id, readData, caller.name(), Instant.now(), null, null, percent),
                op);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("operation_id", op);
        answer.put("backup_id", id);
        answer.put("status", "queued");
        if (percent != null) {
            answer.put("read_data_percent", percent);
        }
        return Response.accepted(answer).build();
    }

    @POST
    @Path("/backups/{id}/restore")
    public Response restore(@PathParam("id") String id, @Valid RequestBodies.Restore json) throws IOException {
        Optional<SnapshotInfo> snapshot = find(id);
        if (snapshot.isEmpty()) {
            throw notFound(id);
        }
        RequestBodies.Restore body =
                RequestBodies.orDefaults(json, new RequestBodies.Restore(null, null, null, null, null, null));
        String op = UUID.randomUUID().toString();
        RestoreRequested req;
        RestorePlan plan;
        try {
            // the event's own checks (credentials in target_redis, ...) refuse by field like the plan's
            req = new RestoreRequested(
                    op,
                    settings.repositoryName(),
                    id,
                    RequestBodies.list(body.components()),
                    body.targetDir(),
                    body.targetDatabase(),
                    body.targetRedis(),
                    RequestBodies.flag(body.inPlace(), false),
                    RequestBodies.flag(body.dryRun(), false),
                    caller.name(),
                    Instant.now(),
                    null);
            plan = RestorePlan.of(req, snapshot.get(), id, settings);
        } catch (RestoreRefusedException e) {
            throw ApiException.badRequest(e.field(), e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(null, e.getMessage());
        }
        if (unsignable(req)) {
            throw ApiException.unavailable("in_place", RequestAdmission.unsignedDestructive());
        }
        operations.queue(op, "restore", id);
        publish(req, op);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("operation_id", op);
        answer.put("backup_id", id);
        answer.put("status", "queued");
        answer.put("dry_run", req.dryRun());
        answer.put("plan", plan.steps());
        return Response.accepted(answer).build();
    }

    @POST
    @Path("/retention")
    public Response retention(@Valid RequestBodies.Retention json) {
        RequestBodies.Retention body =
                RequestBodies.orDefaults(json, new RequestBodies.Retention(null, null, null, null));
        boolean dryRun = RequestBodies.flag(body.dryRun(), false);
        Integer d = body.keepDaily();
        Integer w = body.keepWeekly();
        Integer m = body.keepMonthly();
        RetentionPolicy policy = d == null && w == null && m == null
                ? null
                : new RetentionPolicy(d == null ? 7 : d, w == null ? 4 : w, m == null ? 12 : m);
        String op = UUID.randomUUID().toString();
        RetentionRequested req = new RetentionRequested(
                op, settings.repositoryName(), policy, dryRun, caller.name(), Instant.now(), null, null);
        if (unsignable(req)) {
            throw ApiException.unavailable(null, RequestAdmission.unsignedDestructive());
        }
        operations.queue(op, "retention", null);
        publish(req, op);
        return Response.accepted(Map.of("operation_id", op, "status", "queued", "dry_run", dryRun))
                .build();
    }

    @GET
    @Path("/operations/{id}")
    public Response operation(@PathParam("id") String id) {
        return operations
                .get(id)
                .map(o -> Response.ok(o).build())
                .orElseThrow(() -> ApiException.notFound("no operation " + id));
    }

    @DELETE
    @Path("/backups/{id}")
    public Response delete(@PathParam("id") String id) throws Exception {
        boolean deleted =
                deletes.delete(id, caller.name()).toCompletableFuture().get(5, TimeUnit.MINUTES);
        if (!deleted) {
            throw notFound(id);
        }
        return Response.ok(Map.of("backup_id", id, "deleted", true)).build();
    }

    @GET
    @Path("/status")
    public Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("service", "backup-manager");
        s.put("repository", repositories.describe());
        s.put("repository_name", settings.repositoryName());
        s.put("components", Sources.ALL);
        s.put("remotes", settings.remotes().size());
        s.put("storage", storage.status());
        s.put("ha", role.status());
        s.put("repository_identity", repositories.identityStatus());
        try {
            List<BackupSummary> all =
                    new BackupCatalog(repositories.describe()).list(repositories.get(), null, null, null);
            s.put("status", "ok");
            s.put("backups", all.size());
            if (!all.isEmpty()) {
                s.put(
                        "last_backup",
                        Map.of(
                                "backup_id",
                                all.get(0).backupId(),
                                "status",
                                all.get(0).status(),
                                "time",
                                all.get(0).time().toString()));
            }
        } catch (Exception e) {
            s.put("status", "degraded");
            s.put("error", "repository unavailable: " + e.getMessage());
        }
        return s;
    }

    /**
     * Whether {@code request} would be refused by this manager's own request listener (destructive, and no signing
     * key to sign it with): answered now instead of queueing an operation that never runs.
     */
    private boolean unsignable(SuiteEvent request) {
        return !admission.signing() && RequestAdmission.isDestructive(request);
    }

    /** Publishes a request whose operation is queued; if the broker does not take it, the operation fails. */
    private void publish(SuiteEvent request, String op) {
        try {
            publisher.request(request, op);
        } catch (RuntimeException e) {
            operations.update(op, "failed", null, Map.of("error", String.valueOf(e.getMessage())));
            throw e;
        }
    }

    private Optional<SnapshotInfo> find(String id) throws IOException {
        return new BackupCatalog(repositories.describe()).find(repositories.get(), id);
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("no backup " + id);
    }
}
