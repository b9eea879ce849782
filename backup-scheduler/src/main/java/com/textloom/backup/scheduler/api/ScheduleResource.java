package com.textloom.backup.scheduler.api;

import com.textloom.backup.scheduler.messaging.RequestEvents;
import com.textloom.backup.scheduler.schedule.FireRequest;
import com.textloom.backup.scheduler.schedule.RequestPublisher;
import com.textloom.backup.scheduler.schedule.RunOutcome;
import com.textloom.backup.scheduler.schedule.Schedule;
import com.textloom.backup.scheduler.schedule.ScheduleCatalog;
import com.textloom.backup.scheduler.schedule.ScheduleHistory;
import com.textloom.backup.scheduler.schedule.ScheduleRunner;
import com.textloom.backup.scheduler.schedule.UnknownScheduleException;
import com.textloom.backup.support.api.ApiException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;

/**
 * The scheduler's REST API.
 * <ul>
 *   <li>{@code GET /api/schedules}: every schedule with its cron, components, next fire, last fire and last outcome</li>
 *   <li>{@code GET /api/schedules/{name}}: one schedule; 404 for an unknown name</li>
 *   <li>{@code POST /api/schedules/{name}/run}: publish a run now (fresh request id); 202 with the id, 404 for an
 *       unknown name, 503 if the broker did not take it</li>
 * </ul>
 * Errors are the suite's one body ({@code {"error", "message"}}, service-support's {@code ErrorResponse}); {@code POST} needs {@code X-API-Key} when API keys are set
 * (service-support's filter). JSON by default; {@code Accept: text/plain} gets a table (the list) or one line (a run), for the shell script.
 */
@Path("/api/schedules")
@Produces(MediaType.APPLICATION_JSON)
public class ScheduleResource {

    @Inject
    ScheduleCatalog catalog;

    @Inject
    ScheduleHistory history;

    @Inject
    ScheduleRunner runner;

    @GET
    public List<ScheduleView> list() {
        return catalog.schedules().stream().map(this::view).toList();
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String listAsText() {
        return ScheduleTable.render(list());
    }

    @GET
    @Path("/{name}")
    public ScheduleView get(@PathParam("name") String name) {
        return view(catalog.find(name)
                .orElseThrow(
                        () -> ApiException.notFound(new UnknownScheduleException(name, catalog.names()).getMessage())));
    }

    @POST
    @Path("/{name}/run")
    public Response run(@PathParam("name") String name) {
        return Response.accepted(runNow(name)).build();
    }

    @POST
    @Path("/{name}/run")
    @Produces(MediaType.TEXT_PLAIN)
    public Response runAsText(@PathParam("name") String name) {
        return Response.accepted(ScheduleTable.render(runNow(name))).build();
    }

    private RunAccepted runNow(String name) {
        FireRequest request;
        try {
            request = runner.runNow(name);
        } catch (UnknownScheduleException e) {
            throw ApiException.notFound(e.getMessage());
        } catch (RequestPublisher.PublishException e) {
            throw ApiException.unavailable(null, e.getMessage());
        }
        Schedule schedule = request.schedule();
        return new RunAccepted(
                request.requestId().toString(),
                schedule.name(),
                switch (schedule.kind()) {
                    case RETENTION -> "RetentionRequested";
                    case DRILL -> "DrillRequested";
                    case VERIFY -> "VerifyRequested";
                    case BACKUP -> "BackupRequested";
                },
                typeName(schedule),
                schedule.components(),
                schedule.scenarios(),
                schedule.scenarios().stream()
                        .map(s -> RequestEvents.drillId(request, s))
                        .toList(),
                request.requestedAt());
    }

    private ScheduleView view(Schedule s) {
        ScheduleView.LastFire lastFire = history.lastFire(s.name())
                .map(f -> new ScheduleView.LastFire(
                        f.requestId().toString(),
                        f.requestedAt(),
                        f.slot(),
                        f.trigger().name().toLowerCase(Locale.ROOT)))
                .orElse(null);
        ScheduleView.LastOutcome lastOutcome =
                history.lastOutcome(s.name()).map(ScheduleResource::outcomeView).orElse(null);
        return new ScheduleView(
                s.name(),
                s.cron().expression(),
                s.cron().zone().getId(),
                s.kind().name().toLowerCase(Locale.ROOT),
                typeName(s),
                s.components(),
                s.scenarios(),
                s.enabled(),
                runner.nextFire(s).orElse(null),
                lastFire,
                lastOutcome);
    }

    private static ScheduleView.LastOutcome outcomeView(RunOutcome o) {
        RunOutcome.Drill d = o.drill();
        boolean slot = !o.parts().isEmpty() || !o.pending().isEmpty();
        return new ScheduleView.LastOutcome(
                o.requestId().toString(),
                o.status(),
                o.finishedAt(),
                o.resultId(),
                o.error(),
                slot ? o.parts().stream().map(ScheduleResource::outcomeView).toList() : null,
                slot ? o.pending() : null,
                d == null ? null : o.requestId().toString(),
                d == null ? null : d.scenario(),
                d == null ? null : d.verified(),
                d == null ? null : d.durationMs() / 1000.0,
                d == null ? null : d.rtoTargetSeconds(),
                d == null ? null : d.rtoMet());
    }

    private static String typeName(Schedule s) {
        return s.backupType() == null ? null : s.backupType().name().toLowerCase(Locale.ROOT);
    }
}
