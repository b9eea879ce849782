package com.textloom.backup.monitor.notify;

import com.textloom.backup.http.WholeExchange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Posts a JSON body and insists on a 2xx answer, the whole exchange (body included) within the timeout. The URL (it
 * may hold a secret) never appears in errors.
 */
final class HttpPost {

    private final HttpClient http;
    private final Duration timeout;

    HttpPost(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    void postJson(URI url, String json, String channel) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> res;
        try {
            res = WholeExchange.send(http, req, HttpResponse.BodyHandlers.ofString(), timeout);
        } catch (HttpTimeoutException e) {
            throw new IOException(channel + " endpoint " + url.getHost() + " gave no complete answer within "
                    + timeout.toMillis() + " ms");
        } catch (IOException e) {
            throw new IOException(
                    channel + " endpoint " + url.getHost() + " not reachable: "
                            + e.getClass().getSimpleName(),
                    e);
        }
        if (res.statusCode() / 100 != 2) {
            String body = res.body() == null ? "" : res.body();
            throw new IOException(channel + " endpoint answered HTTP " + res.statusCode()
                    + (body.isBlank() ? "" : ": " + body.substring(0, Math.min(200, body.length()))));
        }
    }
}
