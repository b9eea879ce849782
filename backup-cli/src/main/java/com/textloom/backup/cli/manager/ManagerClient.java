package com.textloom.backup.cli.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.textloom.backup.config.NamedKey;
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
import java.util.Map;

/**
 * The backup manager's REST API (port 8080) over the JDK HTTP client: JSON in, JSON out.
 *
 * <p>Guarantees: the API key is sent as {@code X-API-Key} on every request and appears in no
 * message, exception or output; a manager that cannot be reached, or that answers with an error,
 * becomes a {@link ManagerException} whose message names the URL and carries the manager's own
 * {@code error} text.
 */
final class ManagerClient {
  static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final String apiKey;
  private final HttpClient http;

  /**
   * @param baseUrl e.g. {@code http://localhost:8080}; a trailing slash is ignored
   * @param apiKey the key to present, or {@code null}
   * @throws IllegalArgumentException when the URL is not an http(s) URL
   */
  ManagerClient(String baseUrl, String apiKey) {
    String url = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--url " + baseUrl + " is not a URL: " + e.getMessage());
    }
    if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "--url " + baseUrl + " is not an http(s) URL like http://localhost:8080");
    }
    this.base = uri;
    this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /**
   * The key to present from a {@code BACKUP_API_KEY} value, read as the manager reads it
   * ({@link NamedKey}): the value itself, or, in the {@code name=key[,name2=key2]} form (a shared
   * {@code .env.backup}), the first pair's key; {@code null} when there is none.
   */
  static String keyFromSetting(String setting) {
    return NamedKey.parse(setting).stream().findFirst().map(NamedKey::key).orElse(null);
  }

  String url() {
    return base.toString();
  }

  JsonNode get(String path) throws ManagerException {
    return send("GET", path, null);
  }

  JsonNode post(String path, Map<String, Object> body) throws ManagerException {
    return send("POST", path, body);
  }

  JsonNode delete(String path) throws ManagerException {
    return send("DELETE", path, null);
  }

  /** A path segment or query value, percent-encoded. */
  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private JsonNode send(String method, String path, Map<String, Object> body)
      throws ManagerException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofMinutes(6)) // DELETE waits for the repository's writer
        .header("Accept", "application/json");
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
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw ManagerException.unreachable(base, "connection refused or timed out");
    } catch (HttpTimeoutException e) {
      throw ManagerException.unreachable(base, "no answer within the time limit");
    } catch (IOException e) {
      throw ManagerException.unreachable(base,
          e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ManagerException.unreachable(base, "interrupted");
    }
    JsonNode json = parse(response.body());
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return json;
    }
    throw ManagerException.refused(base, method, path, status, json, apiKey != null);
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
