package com.textloom.backup.monitor.probe;

import com.textloom.backup.monitor.config.MonitorSettings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Probes what the monitor watches besides events: the disk of the backup volume, the reachability of
 * each storage backend (any HTTP answer from its endpoint means reachable; the local directory must exist
 * and be writable), the readiness of each other service ({@code GET <url>/q/health/ready} answers 200) and the
 * protected parts of the application as disaster-recovery's latest assessment judged them ({@code GET
 * <BACKUP_DR_URL>/api/assess}: the periodic one, nothing is assessed for the monitor). When disaster-recovery does
 * not answer, the protected parts keep their last known status (its own {@code service_unhealthy} says it is away; a
 * lost Redis must not look recovered because nobody looked). A service found not ready is asked once more
 * {@value #SERVICE_RETRY_SECONDS} s later (at most one interval) before it counts as down: {@code deploy/local/up}
 * starts the services side by side and the monitor is often ready seconds before the others, whose
 * {@code service_unhealthy} then stayed critical for a whole interval (5 min) on every fresh start. All probes run in
 * parallel, each bounded by the probe timeout.
 */
public final class Prober {

    /** disaster-recovery's checks of what the suite protects (its other checks are about the suite itself). */
    static final Set<String> PROTECTED = Set.of("postgresql", "redis", "application", "storage");
    private static final int MAX_ASSESSMENT = 1 << 20;
    static final int SERVICE_RETRY_SECONDS = 15;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MonitorSettings settings;
    private final Clock clock;
    private final HttpClient http;
    private volatile List<ProbeStatus> lastProtected = List.of();

    public Prober(MonitorSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(settings.probeTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
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
        List<ProbeStatus> backendStatus = new ArrayList<>();
        backendStatus.add(local(settings.backupDir()));
        backends.forEach(f -> backendStatus.add(f.join()));
        return new ProbeSnapshot(DiskUsage.of(settings.backupDir()), backendStatus,
                services.stream().map(CompletableFuture::join).toList(), parts.join());
    }

    /** The protected parts in disaster-recovery's latest assessment, or the last ones known when it does not answer. */
    private CompletableFuture<List<ProbeStatus>> protectedParts() {
        if (settings.drUrl() == null) {
            return CompletableFuture.completedFuture(List.of());
        }
        URI uri = URI.create(settings.drUrl().toString().replaceAll("/+$", "") + "/api/assess");
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(settings.probeTimeout()).header("Accept", "application/json")
                .GET().build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(r -> {
                    try (InputStream in = r.body()) {
                        byte[] body = in.readNBytes(MAX_ASSESSMENT + 1);
                        if (r.statusCode() != 200 || body.length > MAX_ASSESSMENT) {
                            return lastProtected;
                        }
                        List<ProbeStatus> parts = parts(JSON.readTree(body), uri.toString());
                        lastProtected = parts;
                        return parts;
                    } catch (IOException | RuntimeException e) {
                        return lastProtected;
                    }
                })
                .exceptionally(e -> lastProtected);
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
            out.add(new ProbeStatus(name, source, !"critical".equals(status),
                    status + ": " + check.path("detail").asText(""), at));
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

    /** A service's readiness; not ready is asked once more after the retry delay (the shorter of it and the interval). */
    private CompletableFuture<ProbeStatus> ready(String name, URI uri) {
        Duration retry = settings.interval().compareTo(Duration.ofSeconds(SERVICE_RETRY_SECONDS)) < 0
                ? settings.interval() : Duration.ofSeconds(SERVICE_RETRY_SECONDS);
        return reach(name, uri, true).thenCompose(first -> first.up() ? CompletableFuture.completedFuture(first)
                : CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(retry.toMillis(), TimeUnit.MILLISECONDS))
                        .thenCompose(waited -> reach(name, uri, true)));
    }

    private static String path(URI base) {
        String p = base.getPath() == null || base.getPath().isEmpty() ? "/" : base.getPath();
        return p.endsWith("/") ? p : p + "/";
    }

    private ProbeStatus local(Path dir) {
        boolean ok = Files.isDirectory(dir) && Files.isWritable(dir);
        return new ProbeStatus("local", dir.toString(), ok,
                ok ? "writable" : (Files.exists(dir) ? "not writable" : "missing"), clock.instant());
    }

    private CompletableFuture<ProbeStatus> reach(String name, URI uri, boolean mustBeOk) {
        String target = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + (uri.getPath() == null ? "" : uri.getPath());
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(settings.probeTimeout()).GET().build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.discarding())
                .thenApply(r -> {
                    boolean up = !mustBeOk || r.statusCode() == 200;
                    return new ProbeStatus(name, target, up, "HTTP " + r.statusCode(), clock.instant());
                })
                .exceptionally(e -> new ProbeStatus(name, target, false, describe(e), clock.instant()));
    }

    private static String describe(Throwable e) {
        Throwable c = e.getCause() != null ? e.getCause() : e;
        String m = c.getMessage();
        if (c instanceof IOException && (m == null || m.isBlank())) {
            m = "connection refused or closed";
        }
        return c.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
