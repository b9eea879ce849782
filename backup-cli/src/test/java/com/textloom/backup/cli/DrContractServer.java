package com.textloom.backup.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP server answering as the disaster-recovery contract (/work/wt/DR-API.md) says, for the
 * command line's own tests while the real service is built in parallel: {@code GET /api/assess},
 * {@code POST /api/recoveries} and {@code POST /api/drills} (202 with Location; 400 for an unknown
 * scenario or backup naming the accepted scenarios; 401 without the required key; 403 for a
 * recovery over live data without {@code force} while {@link #inPlaceAllowed} is off, as the
 * service in the drrecover branch answers; 409 while {@link #busyWith} is set), and {@code GET
 * /api/recoveries/{id}} / {@code /api/drills/{id}} (404 for an unknown id; 503 for the next
 * {@link #unavailablePolls} of them, as a proxy answers while the service restarts). A run walks through its {@link Script} one state per GET: planned, then each
 * step running in turn, then the final state — so a client sees its steps progress over several
 * polls. Every request is recorded in {@link #requests}.
 */
final class DrContractServer implements AutoCloseable {
    static final List<String> SCENARIOS =
            List.of("database_failure", "redis_failure", "application_failure", "storage_failure", "full_disaster");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as received. */
    record Request(String method, String path, String query, String apiKey, JsonNode body) {}

    /** One step a run goes through: its name, the status it ends in, its detail and hook output. */
    record Step(String name, String finalStatus, String detail, String output) {}

    /**
     * What the next accepted run does.
     *
     * @param steps its steps, in order
     * @param finalStatus success or failed; {@code null}: it never ends (stays running)
     * @param fields further fields of the run (error, plan, proof, rto_met, ...), as JSON
     */
    record Script(List<Step> steps, String finalStatus, ObjectNode fields) {}

    final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    volatile ObjectNode assessment;
    volatile String requiredKey;
    volatile String busyWith;
    volatile String unknownBackup = "19990101_000000";
    volatile boolean inPlaceAllowed = true;
    final AtomicInteger unavailablePolls = new AtomicInteger();
    volatile Script recovery;
    volatile Script drill;

    private final HttpServer server;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    private static final class Run {
        final ObjectNode base;
        final Script script;
        int tick;

        Run(ObjectNode base, Script script) {
            this.base = base;
            this.script = script;
        }
    }

    DrContractServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            byte[] in = ex.getRequestBody().readAllBytes();
            JsonNode body = in.length == 0 ? null : JSON.readTree(in);
            requests.add(new Request(
                    method,
                    path,
                    ex.getRequestURI().getQuery(),
                    ex.getRequestHeaders().getFirst("X-API-Key"),
                    body));
            if (method.equals("GET") && path.equals("/api/assess")) {
                answer(ex, 200, assessment);
            } else if (method.equals("POST") && (path.equals("/api/recoveries") || path.equals("/api/drills"))) {
                accept(ex, path.equals("/api/drills"), body);
            } else if (method.equals("GET") && path.matches("/api/(recoveries|drills)/[^/]+")) {
                Run run = runs.get(path);
                if (unavailablePolls.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    answer(ex, 503, error("unavailable", "disaster-recovery is restarting"));
                } else if (run == null) {
                    answer(ex, 404, error("not_found", "no run " + path.substring(path.lastIndexOf('/') + 1)));
                } else {
                    synchronized (run) {
                        run.tick++;
                        answer(ex, 200, state(run));
                    }
                }
            } else {
                answer(ex, 404, error("not_found", "no such endpoint: " + method + " " + path));
            }
        }
    }

    private void accept(HttpExchange ex, boolean isDrill, JsonNode body) throws IOException {
        String kind = isDrill ? "drill" : "recovery";
        if (requiredKey != null && !requiredKey.equals(ex.getRequestHeaders().getFirst("X-API-Key"))) {
            answer(ex, 401, error("unauthorized", "a valid X-API-Key header is required for POST requests"));
            return;
        }
        String scenario = body == null ? null : body.path("scenario").asText(null);
        if (!SCENARIOS.contains(scenario)) {
            answer(
                    ex,
                    400,
                    error(
                                    "bad_request",
                                    "unknown scenario '" + scenario + "': expected one of "
                                            + String.join(", ", SCENARIOS))
                            .put("field", "scenario"));
            return;
        }
        if (unknownBackup.equals(body.path("backup_id").asText(null))) {
            answer(
                    ex,
                    400,
                    error("unknown_backup", "backup_id: no backup " + unknownBackup)
                            .put("field", "backup_id"));
            return;
        }
        if (!isDrill
                && !inPlaceAllowed
                && !body.path("dry_run").asBoolean()
                && !body.path("force").asBoolean()) {
            answer(
                    ex,
                    403,
                    error(
                            "in_place_not_allowed",
                            "this recovery restores over the live database: set"
                                    + " BACKUP_DR_ALLOW_IN_PLACE=true or ask with force (--force); try --dry-run first to see the plan"));
            return;
        }
        if (busyWith != null) {
            answer(
                    ex,
                    409,
                    error(
                            "conflict",
                            "recovery " + busyWith + " (database_failure) is already"
                                    + " running; wait for it: GET /api/recoveries/" + busyWith));
            return;
        }
        String id = kind + "-" + ids.incrementAndGet();
        ObjectNode base = JSON.createObjectNode();
        base.put(isDrill ? "drill_id" : "recovery_id", id);
        base.put("scenario", scenario);
        base.put("dry_run", body.path("dry_run").asBoolean());
        base.put("backup_id", body.path("backup_id").asText("20250820_020000"));
        base.put("source", body.path("source").asText("local"));
        base.put("requested_by", "cli");
        base.put("started_at", "2025-08-20T09:15:00Z");
        base.put("rto_target_seconds", 1800);
        base.put("rpo_target_seconds", 3600);
        Script script = isDrill ? drill : recovery;
        base.setAll(script.fields().deepCopy());
        Run run = new Run(base, script);
        String location = "/api/" + (isDrill ? "drills/" : "recoveries/") + id;
        runs.put(location, run);
        ex.getResponseHeaders().add("Location", location);
        answer(ex, 202, state(run));
    }

    /** The run at its tick: 0 planned; t running with step t-1 running; past the steps final. */
    private static ObjectNode state(Run run) {
        ObjectNode s = run.base.deepCopy();
        List<Step> steps = run.script.steps();
        boolean ended = run.script.finalStatus() != null && run.tick > steps.size();
        s.put("status", run.tick == 0 ? "planned" : ended ? run.script.finalStatus() : "running");
        ArrayNode list = s.putArray("steps");
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            String status = i < run.tick - 1 || ended
                    ? step.finalStatus()
                    : i == run.tick - 1 ? (step.finalStatus().equals("skipped") ? "skipped" : "running") : "pending";
            ObjectNode n = list.addObject().put("name", step.name()).put("status", status);
            boolean done = !status.equals("pending") && !status.equals("running");
            n.put("duration_ms", done ? 1500L * (i + 1) : 0);
            n.put("detail", step.detail());
            if (done && step.output() != null) {
                n.put("output", step.output());
            }
        }
        if (ended) {
            s.put("completed_at", "2025-08-20T09:19:00Z");
            s.put("duration_ms", 245_000);
        } else {
            s.remove("error");
        }
        return s;
    }

    private static ObjectNode error(String error, String message) {
        return JSON.createObjectNode().put("error", error).put("message", message);
    }

    private static void answer(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
