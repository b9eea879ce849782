package com.textloom.backup.monitor.probe;

import com.textloom.backup.monitor.config.MonitorSettings;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Probes what the monitor watches besides events: the disk of the backup volume, the reachability of
 * each storage backend (any HTTP answer from its endpoint means reachable; the local directory must exist
 * and be writable) and the readiness of each other service ({@code GET <url>/q/health/ready} answers 200).
 * All probes run in parallel, each bounded by the probe timeout.
 */
public final class Prober {

    private final MonitorSettings settings;
    private final Clock clock;
    private final HttpClient http;

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
            services.add(reach(s.getKey(), s.getValue().resolve(path(s.getValue()) + "q/health/ready"), true));
        }
        List<ProbeStatus> backendStatus = new ArrayList<>();
        backendStatus.add(local(settings.backupDir()));
        backends.forEach(f -> backendStatus.add(f.join()));
        return new ProbeSnapshot(DiskUsage.of(settings.backupDir()), backendStatus,
                services.stream().map(CompletableFuture::join).toList());
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
