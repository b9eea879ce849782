package com.textloom.backup.manager.api;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The API's plain-HTTP port speaks HTTP/1.1 only: HTTP/2 cleartext (h2c, by upgrade or prior knowledge) is off, so a
 * client asking to upgrade (the JDK client does by default) is answered over HTTP/1.1, with the same statuses curl
 * gets. Guarantee: a body over {@code quarkus.http.limits.max-body-size} (10 MiB) is answered 413 whatever the client
 * asks for. With h2c on, Vert.x upgrades such a request mid-body and the oversized stream ended in a connection reset
 * (GOAWAY) instead of the 413 (RELIABILITY.md finding 6). HTTP/2 over TLS (ALPN), where configured, is unchanged.
 */
@ApplicationScoped
public class NoCleartextHttp2 implements HttpServerOptionsCustomizer {
    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setHttp2ClearTextEnabled(false);
    }
}
