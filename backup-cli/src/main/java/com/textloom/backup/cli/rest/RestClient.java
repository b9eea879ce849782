package com.textloom.backup.cli.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.textloom.backup.config.NamedKey;
import com.textloom.backup.config.VariableValues;
import com.textloom.backup.http.WholeExchange;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The REST API of one service of the suite (the backup manager, disaster recovery) over the JDK
 * HTTP client: JSON in, JSON out.
 *
 * <p>Guarantees: the API key is sent as {@code X-API-Key} on every request and appears in no
 * message, exception or output; a service that cannot be reached, or that answers with an error,
 * becomes a {@link RestException} whose message names the service, its URL and the variable that
 * sets it, and carries the service's own reason; every exchange ends within its limit, body included
 * ({@link WholeExchange}), so a service that stalls in the middle of its answer does not hold the
 * command.
 */
public final class RestClient {
    /** The JSON mapper of the command's answers and of {@code --json} output. */
    public static final ObjectMapper JSON = new ObjectMapper();
    /** How long one exchange may take, body included: the manager's DELETE waits for the repository's writer. */
    public static final Duration EXCHANGE_LIMIT = Duration.ofMinutes(6);

    private final Service service;
    private final URI base;
    private final String apiKey;
    private final HttpClient http;
    private final Duration limit;

    /**
     * @param service which service this is, for messages
     * @param baseUrl e.g. {@code http://localhost:8080}; a trailing slash is ignored
     * @param apiKey the key to present, or {@code null}
     * @throws IllegalArgumentException when the URL is not an http(s) URL
     */
    public RestClient(Service service, String baseUrl, String apiKey) {
        this(service, baseUrl, apiKey, EXCHANGE_LIMIT);
    }

    /**
     * @param limit how long one exchange may take, body included
     * @see #RestClient(Service, String, String)
     */
    public RestClient(Service service, String baseUrl, String apiKey, Duration limit) {
        String url = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--url " + baseUrl + " is not a URL: " + e.getMessage());
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "--url " + baseUrl + " is not an http(s) URL like " + service.defaultUrl());
        }
        this.service = service;
        this.base = uri;
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.limit = limit;
    }

    /**
     * The client of the working one of several services listed comma-separated (the managers of an HA pair in
     * {@code BACKUP_MANAGER_URL}, as disaster-recovery reads it): each is asked {@code GET /api/status} in order, and
     * the first whose {@code ha.role} is {@code active}, or that has no {@code ha} at all, is used; when none is, the
     * first that answered (a standby, which refuses changes with 503 naming the active one), else the first listed
     * (whose error the command then reports). Nothing but {@code /api/status} is sent before the choice, so a command
     * runs once, on one service.
     *
     * @throws IllegalArgumentException when a listed URL is not an http(s) URL or none is listed (the list is read by
     *     suite-config's {@link VariableValues#urlList}, as disaster-recovery reads the variable)
     */
    public static RestClient active(Service service, String urls, String apiKey) {
        List<RestClient> listed = new ArrayList<>();
        for (URI url : VariableValues.urlList("--url", urls)) {
            listed.add(new RestClient(service, url.toString(), apiKey));
        }
        RestClient answered = null;
        for (RestClient c : listed) {
            JsonNode status;
            try {
                status = c.get("/api/status");
            } catch (RestException e) {
                continue;
            }
            JsonNode role = status.path("ha").path("role");
            if (role.isMissingNode() || "active".equals(role.asText())) {
                return c;
            }
            if (answered == null) {
                answered = c;
            }
        }
        return answered != null ? answered : listed.get(0);
    }

    /**
     * The key to present from a {@code BACKUP_API_KEY} value, read as the services read it
     * ({@link NamedKey}): the value itself, or, in the {@code name=key[,name2=key2]} form (a shared
     * {@code .env.backup}), the first pair's key; {@code null} when there is none.
     */
    public static String keyFromSetting(String setting) {
        return NamedKey.parse(setting).stream().findFirst().map(NamedKey::key).orElse(null);
    }

    /** Which service this is. */
    public Service service() {
        return service;
    }

    /** The service's base URL, without a trailing slash. */
    public String url() {
        return base.toString();
    }

    public JsonNode get(String path) throws RestException {
        return send("GET", path, null);
    }

    public JsonNode post(String path, Map<String, Object> body) throws RestException {
        return send("POST", path, body);
    }

    public JsonNode delete(String path) throws RestException {
        return send("DELETE", path, null);
    }

    /** A path segment or query value, percent-encoded. */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode send(String method, String path, Map<String, Object> body) throws RestException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(limit).header("Accept", "application/json");
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        if (body != null) {
            try {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = WholeExchange.send(http, request.build(), HttpResponse.BodyHandlers.ofString(), limit);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw RestException.unreachable(service, base, "connection refused or timed out");
        } catch (HttpTimeoutException e) {
            throw RestException.unreachable(service, base, "no complete answer within " + limit.toMillis() + " ms");
        } catch (IOException e) {
            throw RestException.unreachable(
                    service, base, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RestException.unreachable(service, base, "interrupted");
        }
        JsonNode json = parse(response.body());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return json;
        }
        throw RestException.refused(service, base, method, path, status, json, apiKey != null);
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(body);
        }
    }
}
