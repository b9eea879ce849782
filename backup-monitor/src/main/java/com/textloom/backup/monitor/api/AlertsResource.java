package com.textloom.backup.monitor.api;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.textloom.backup.monitor.MonitorService;
import com.textloom.backup.monitor.state.Alert;
import com.textloom.backup.support.api.ApiException;
import com.textloom.backup.support.json.JsonRequest;
import com.textloom.backup.support.json.StrictRequestJson;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The guide's alert API: list (active and recent, filterable), acknowledge, and the test of every
 * notification channel ({@code backup_monitor.py alert --test}).
 */
@Path("/api/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertsResource {

    private static final Set<String> STATUSES = Set.of("active", "acknowledged", "resolved", "open", "all");
    private static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");

    @Inject
    MonitorService service;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper json;

    @Inject
    com.textloom.backup.support.security.Caller caller;

    /** The body of an acknowledgement (optional; any content type, read as JSON). */
    @JsonRequest
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AcknowledgeRequest(
            @JsonAlias("acknowledgedBy") String acknowledgedBy, String comment) {}

    /** Reads an acknowledgement as strictly as a typed body ({@link JsonRequest}): it comes as any content type. */
    private ObjectReader acknowledgement;

    @PostConstruct
    void strictReader() {
        acknowledgement = StrictRequestJson.strict(json.copy()).readerFor(AcknowledgeRequest.class);
    }

    /** The list answer. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AlertList(int count, List<AlertView> alerts) {}

    /**
     * Alerts, newest first: by default the open ones (active or acknowledged) and those resolved within the
     * history window.
     *
     * @param status   active (not acknowledged), acknowledged, resolved, open (active + acknowledged) or all
     * @param severity info, warning or critical
     * @param rule     a rule name
     * @param limit    at most this many (1..1000, default 100)
     */
    @GET
    public Response list(
            @QueryParam("status") String status,
            @QueryParam("severity") String severity,
            @QueryParam("rule") String rule,
            @QueryParam("limit") Integer limit) {
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.badRequest("status", "status: must be one of " + STATUSES);
        }
        if (severity != null && !SEVERITIES.contains(severity)) {
            throw ApiException.badRequest("severity", "severity: must be one of " + SEVERITIES);
        }
        int max = limit == null ? 100 : limit;
        if (max < 1 || max > 1000) {
            throw ApiException.badRequest("limit", "limit: must be between 1 and 1000");
        }
        Instant recent =
                Instant.now().minus(Duration.ofDays(service.node().settings().historyDays()));
        List<AlertView> out = service.node().state().alerts().stream()
                .filter(a -> status == null ? a.active() || a.resolvedAt().isAfter(recent) : matches(a, status))
                .filter(a -> severity == null || a.severity().equals(severity))
                .filter(a -> rule == null || a.rule().equals(rule))
                .sorted(Comparator.comparing(Alert::raisedAt).reversed())
                .limit(max)
                .map(AlertView::of)
                .toList();
        return Response.ok(new AlertList(out.size(), out)).build();
    }

    private static boolean matches(Alert a, String status) {
        return switch (status) {
            case "open" -> a.active();
            case "all" -> true;
            default -> a.status().equals(status);
        };
    }

    /** One alert. */
    @GET
    @Path("/{alert_id}")
    public Response get(@PathParam("alert_id") String alertId) {
        return service.node()
                .state()
                .alert(alertId)
                .map(a -> Response.ok(AlertView.of(a)).build())
                .orElseThrow(() -> ApiException.notFound("no alert " + alertId));
    }

    /**
     * Acknowledges an alert: publishes AlertAcknowledged; it stops re-notifying. Who acknowledged: the
     * body's {@code acknowledged_by}, else the API key's name ({@code anonymous} without a key).
     */
    @POST
    @Path("/{alert_id}/acknowledge")
    @Consumes(MediaType.WILDCARD)
    public Response acknowledge(@PathParam("alert_id") String alertId, String rawBody) throws IOException {
        AcknowledgeRequest body = null;
        if (rawBody != null && !rawBody.isBlank()) {
            // a body that is not such an object: the suite's 400, naming the field at fault where one is
            body = acknowledgement.readValue(rawBody);
        }
        String by = body == null
                        || body.acknowledgedBy() == null
                        || body.acknowledgedBy().isBlank()
                ? caller.name()
                : body.acknowledgedBy().strip();
        if (by.length() > 200) {
            throw ApiException.badRequest("acknowledged_by", "acknowledged_by: at most 200 characters");
        }
        try {
            Alert a = service.node().acknowledge(alertId, by, body == null ? null : body.comment());
            return Response.ok(AlertView.of(a)).build();
        } catch (NoSuchElementException e) {
            throw ApiException.notFound(e.getMessage());
        } catch (IllegalStateException e) {
            throw ApiException.conflict(e.getMessage());
        }
    }

    /** Sends a test notification through every enabled channel; per channel "success" or the error. */
    @POST
    @Path("/test")
    public Response test() throws Exception {
        if (service.channelNames().isEmpty()) {
            throw ApiException.conflict("no notification channel is enabled: set "
                    + "BACKUP_EMAIL_ALERTS_ENABLED, BACKUP_WEBHOOK_ALERTS_ENABLED or BACKUP_SLACK_ALERTS_ENABLED");
        }
        Map<String, String> results = service.node().sendTest(Duration.ofMinutes(2));
        return Response.ok(results).build();
    }
}
