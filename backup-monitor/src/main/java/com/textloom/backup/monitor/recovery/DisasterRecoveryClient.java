package com.textloom.backup.monitor.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.textloom.backup.http.WholeExchange;
import com.textloom.backup.monitor.config.MonitorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * What the dashboard shows of disaster-recovery ({@code BACKUP_DR_URL}), asked by the monitor itself so the page
 * makes no request to another host and works wherever the dashboard does (in Compose or Kubernetes
 * {@code BACKUP_DR_URL} is a name only the services resolve):
 * <ul>
 *   <li>{@link #objectives()}: {@code GET /api/objectives}, the guide's RTO/RPO table, asked at most once every
 *       {@value #CACHE_SECONDS} s whatever the number of open dashboards; an answer that does not come within
 *       {@code BACKUP_MONITOR_PROBE_TIMEOUT}, is not 200 or is larger than {@value #MAX_ANSWER} bytes is reported as
 *       an error, never thrown;</li>
 *   <li>{@link #report}: a drill's report page ({@code GET /api/drills/{id}} as HTML) or a recovery's report
 *       ({@code GET /api/recoveries/{id}}), streamed through, never held whole. The id must be a plain word
 *       ({@code [A-Za-z0-9_.:-]}): nothing else of the URL can be chosen by the caller.</li>
 * </ul>
 */
@ApplicationScoped
public class DisasterRecoveryClient {

    static final int CACHE_SECONDS = 5;
    public static final int MAX_ANSWER = 1 << 20;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,200}");

    /** The objectives as last asked: disaster-recovery's answer, or why there is none. */
    public record Objectives(String source, Instant fetchedAt, JsonNode answer, String error) {}

    @Inject
    MonitorConfig config;

    @Inject
    ObjectMapper json;

    private final Clock clock = Clock.systemUTC();
    private volatile HttpClient http;
    private volatile Objectives cached;

    /** disaster-recovery's objectives, at most {@value #CACHE_SECONDS} s old. */
    public Objectives objectives() {
        Objectives c = cached;
        if (c != null && c.fetchedAt().plusSeconds(CACHE_SECONDS).isAfter(clock.instant())) {
            return c;
        }
        synchronized (this) {
            c = cached;
            if (c == null || !c.fetchedAt().plusSeconds(CACHE_SECONDS).isAfter(clock.instant())) {
                c = fetchObjectives();
                cached = c;
            }
            return c;
        }
    }

    private Objectives fetchObjectives() {
        URI uri = base().resolve("api/objectives");
        try {
            WholeExchange.Bounded res = send(uri, "application/json");
            if (res.status() != 200) {
                return new Objectives(
                        uri.toString(), clock.instant(), null, "disaster-recovery answered HTTP " + res.status());
            }
            if (res.larger(MAX_ANSWER)) {
                return new Objectives(
                        uri.toString(), clock.instant(), null, "answer larger than " + MAX_ANSWER + " bytes");
            }
            return new Objectives(uri.toString(), clock.instant(), json.readTree(res.body()), null);
        } catch (IOException e) {
            return new Objectives(
                    uri.toString(), clock.instant(), null, "disaster-recovery unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Objectives(uri.toString(), clock.instant(), null, "interrupted");
        }
    }

    /**
     * Reads a report of disaster-recovery whole: a drill's page ({@code drill}: HTML) or a recovery's (JSON), at most
     * {@value #MAX_ANSWER} bytes kept ({@link WholeExchange.Bounded#larger}), within {@code BACKUP_MONITOR_PROBE_TIMEOUT}
     * (a disaster-recovery that stalls in its answer does not hold the monitor's request).
     *
     * @throws IllegalArgumentException when the id is not a plain word
     * @throws IOException              when disaster-recovery does not answer whole in time
     */
    public WholeExchange.Bounded report(boolean drill, String id) throws IOException, InterruptedException {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a drill or recovery id: " + id);
        }
        URI uri = base().resolve(
                        (drill ? "api/drills/" : "api/recoveries/") + URLEncoder.encode(id, StandardCharsets.UTF_8));
        return send(uri, drill ? "text/html" : "application/json");
    }

    /** One GET, whole (body included) within the probe timeout, at most {@value #MAX_ANSWER} + 1 bytes kept. */
    private WholeExchange.Bounded send(URI uri, String accept) throws IOException, InterruptedException {
        Duration timeout = config.probeTimeout();
        HttpRequest req = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", accept)
                .GET()
                .build();
        return WholeExchange.sendBounded(client(timeout), req, MAX_ANSWER, timeout);
    }

    private HttpClient client(Duration timeout) {
        HttpClient c = http;
        if (c == null) {
            c = HttpClient.newBuilder()
                    .connectTimeout(timeout)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            http = c;
        }
        return c;
    }

    /** BACKUP_DR_URL, ending in a slash so paths resolve below it. */
    private URI base() {
        String u = config.drUrl().toString();
        return URI.create(u.endsWith("/") ? u : u + "/");
    }
}
