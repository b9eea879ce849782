package com.textloom.backup.monitor.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.textloom.backup.http.WholeExchange;
import com.textloom.backup.monitor.config.MonitorSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Probes what the monitor watches besides events: the disk of the backup volume, the reachability of
 * each storage backend (any HTTP answer from its endpoint means reachable; the local directory must exist
 * and be writable), the readiness of each other service ({@code GET <url>/q/health/ready} answers 200) and the
 * protected parts of the application as disaster-recovery's latest assessment judged them ({@code GET
 * <BACKUP_DR_URL>/api/assess}: the periodic one, nothing is assessed for the monitor). When disaster-recovery does
 * not answer, the protected parts keep their last known status (its own {@code service_unhealthy} says it is away; a
 * lost Redis must not look recovered because nobody looked). The backup manager's repository is read from its
 * {@code /q/health/well} (check {@code repository}: DOWN while the repository it backs up into is lost or replaced),
 * last known status kept likewise. A service found not ready is asked once more after the recheck interval (15 s, at
 * most one interval) before it counts as down: {@code deploy/local/up} starts the services side by side and the
 * monitor is often ready seconds before the others, whose {@code service_unhealthy} then stayed critical for a whole
 * interval (5 min) on every fresh start. All probes run in parallel, each bounded by the probe timeout.
 */
public final class Prober {

    /** disaster-recovery's checks of what the suite protects (its other checks are about the suite itself). */
    static final Set<String> PROTECTED = Set.of("postgresql", "redis", "application", "storage");

    private static final int MAX_ANSWER = 1 << 20;
    /** The service whose {@code /q/health/well} says whether its repository is lost ({@code repository_lost}). */
    public static final String MANAGER = "backup-manager";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MonitorSettings settings;
    private final Clock clock;
    private final HttpClient http;
    private final AtomicReference<List<ProbeStatus>> lastProtected = new AtomicReference<>(List.of());
    private final AtomicReference<List<ProbeStatus>> lastRepository = new AtomicReference<>(List.of());

    public Prober(MonitorSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.probeTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Runs every probe; never throws. */
    public ProbeSnapshot probe() {
        List<CompletableFuture<ProbeStatus>> backends = new ArrayList<>();
        for (Map.Entry<String, URI> b : settings.backends().entrySet()) {
            backends.add(reach(b.getKey(), b.getValue(), false));
        }
        List<CompletableFuture<ProbeStatus>> services = new ArrayList<>();
        for (Map.Entry<String, URI> s : settings.services().entrySet()) {
            services.add(ready(s.getKey(), s.getValue().resolve(path(s.getValue()) + "q/health/ready")));
        }
        CompletableFuture<List<ProbeStatus>> parts = protectedParts();
        CompletableFuture<List<ProbeStatus>> repository = repository();
        List<ProbeStatus> backendStatus = new ArrayList<>();
        backendStatus.add(local(settings.backupDir()));
        backends.forEach(f -> backendStatus.add(f.join()));
        return new ProbeSnapshot(
                DiskUsage.of(settings.backupDir()),
                backendStatus,
                services.stream().map(CompletableFuture::join).toList(),
                parts.join(),
                repository.join());
    }

    /** The protected parts in disaster-recovery's latest assessment, or the last ones known when it does not answer. */
    private CompletableFuture<List<ProbeStatus>> protectedParts() {
        if (settings.drUrl() == null) {
            return CompletableFuture.completedFuture(List.of());
        }
        URI uri = URI.create(settings.drUrl().toString().replaceAll("/+$", "") + "/api/assess");
        return readJson(uri, Set.of(200), body -> parts(body, uri.toString()), lastProtected);
    }

    /**
     * The manager's repository as its {@code /q/health/well} says (check {@code repository}: DOWN = lost or replaced),
     * or the last known status when it does not answer (its {@code service_unhealthy} says it is away).
     */
    private CompletableFuture<List<ProbeStatus>> repository() {
        URI base = settings.services().get(MANAGER);
        if (base == null) {
            return CompletableFuture.completedFuture(List.of());
        }
        URI uri = base.resolve(path(base) + "q/health/well");
        return readJson(
                uri, Set.of(200, 503), body -> repository(body, uri.toString(), clock.instant()), lastRepository);
    }

    /** The {@code repository} check of a health answer; empty when there is none (a manager from before it). */
    static List<ProbeStatus> repository(JsonNode health, String source, Instant at) {
        for (JsonNode check : health.path("checks")) {
            if ("repository".equals(check.path("name").asText())) {
                boolean up = "UP".equals(check.path("status").asText());
                JsonNode data = check.path("data");
                String detail = up
                        ? "ok: " + data.path("repository").asText("")
                        : data.path("state").asText("lost") + ": "
                                + data.path("error").asText("");
                return List.of(new ProbeStatus(MANAGER, source, up, detail, at));
            }
        }
        return List.of();
    }

    /**
     * Reads a JSON answer (at most 1 MiB, one of {@code statuses}) and parses it; the last parsed result when the
     * server does not answer so, and that result is remembered.
     */
    private CompletableFuture<List<ProbeStatus>> readJson(
            URI uri,
            Set<Integer> statuses,
            Function<JsonNode, List<ProbeStatus>> parse,
            AtomicReference<List<ProbeStatus>> last) {
        HttpRequest req = HttpRequest.newBuilder(uri)
                .timeout(settings.probeTimeout())
                .header("Accept", "application/json")
                .GET()
                .build();
        WholeExchange.BoundedBody body = new WholeExchange.BoundedBody(MAX_ANSWER + 1);
        return WholeExchange.sendAsync(
                        http, req, HttpResponse.BodyHandlers.ofByteArrayConsumer(body), settings.probeTimeout())
                .thenApply(r -> {
                    byte[] bytes = body.bytes();
                    if (!statuses.contains(r.statusCode()) || bytes.length > MAX_ANSWER) {
                        return last.get();
                    }
                    try {
                        List<ProbeStatus> parsed = parse.apply(JSON.readTree(bytes));
                        last.set(parsed);
                        return parsed;
                    } catch (IOException | RuntimeException e) {
                        return last.get();
                    }
                })
                .exceptionally(e -> last.get());
    }

    /** The protected checks of an assessment ({@code services[]}: name, status, detail, checked_at); critical = down. */
    static List<ProbeStatus> parts(JsonNode assessment, String source) {
        List<ProbeStatus> out = new ArrayList<>();
        for (JsonNode check : assessment.path("services")) {
            String name = check.path("name").asText();
            if (!PROTECTED.contains(name)) {
                continue;
            }
            String status = check.path("status").asText();
            Instant at = instant(check.path("checked_at"), instant(assessment.path("assessed_at"), Instant.EPOCH));
            out.add(new ProbeStatus(
                    name,
                    source,
                    !"critical".equals(status),
                    status + ": " + check.path("detail").asText(""),
                    at));
        }
        return out;
    }

    private static Instant instant(JsonNode value, Instant otherwise) {
        try {
            return value.isTextual() ? Instant.parse(value.asText()) : otherwise;
        } catch (java.time.format.DateTimeParseException e) {
            return otherwise;
        }
    }

    /** A service's readiness; not ready is asked once more after the recheck interval. */
    private CompletableFuture<ProbeStatus> ready(String name, URI uri) {
        Duration retry = settings.recheckInterval();
        return reach(name, uri, true)
                .thenCompose(first -> first.up()
                        ? CompletableFuture.completedFuture(first)
                        : CompletableFuture.runAsync(
                                        () -> {},
                                        CompletableFuture.delayedExecutor(retry.toMillis(), TimeUnit.MILLISECONDS))
                                .thenCompose(waited -> reach(name, uri, true)));
    }

    private static String path(URI base) {
        String p = base.getPath() == null || base.getPath().isEmpty() ? "/" : base.getPath();
        return p.endsWith("/") ? p : p + "/";
    }

    private ProbeStatus local(Path dir) {
        boolean ok = Files.isDirectory(dir) && Files.isWritable(dir);
        return new ProbeStatus(
                "local",
                dir.toString(),
                ok,
                ok ? "writable" : (Files.exists(dir) ? "not writable" : "missing"),
                clock.instant());
    }

    private CompletableFuture<ProbeStatus> reach(String name, URI uri, boolean mustBeOk) {
        String target = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + (uri.getPath() == null ? "" : uri.getPath());
        HttpRequest req = HttpRequest.newBuilder(uri)
                .timeout(settings.probeTimeout())
                .GET()
                .build();
        return WholeExchange.sendAsync(http, req, HttpResponse.BodyHandlers.discarding(), settings.probeTimeout())
                .thenApply(r -> {
                    boolean up = !mustBeOk || r.statusCode() == 200;
                    return new ProbeStatus(name, target, up, "HTTP " + r.statusCode(), clock.instant());
                })
                .exceptionally(e -> new ProbeStatus(name, target, false, describe(e), clock.instant()));
    }

    private static String describe(Throwable e) {
        Throwable c = e.getCause() != null ? e.getCause() : e;
        if (c instanceof CancellationException) {
            return "no complete answer within the probe timeout";
        }
        String m = c.getMessage();
        if (c instanceof IOException && (m == null || m.isBlank())) {
            m = "connection refused or closed";
        }
        return c.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
