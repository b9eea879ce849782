package com.textloom.backup.support.security;

import com.textloom.backup.support.api.ErrorResponse;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;
import java.util.Set;

/**
 * Guards every REST endpoint of the service: when {@code BACKUP_API_KEY} or {@code BACKUP_API_KEYS} is
 * set, a {@code POST}, {@code PUT}, {@code PATCH} or {@code DELETE} without the right {@value #HEADER}
 * header is refused with {@code 401} and a JSON error; reads stay open. A request with a valid key is
 * attributed to the key's name ({@link Caller}). Keys are compared in constant time and never logged;
 * a refusal is logged with method and path only.
 */
@Singleton
public class ApiKeyFilter {

    /** The request header that carries the key. */
    public static final String HEADER = "X-API-Key";

    private static final Logger LOG = Logger.getLogger(ApiKeyFilter.class);
    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");

    @Inject
    ApiKeyGate keys;

    @Inject
    Caller caller;

    @ServerRequestFilter
    public Optional<Response> check(ContainerRequestContext request) {
        Optional<String> name = keys.match(request.getHeaderString(HEADER));
        name.ifPresent(caller::identify);
        if (!keys.required() || name.isPresent() || !MUTATING.contains(request.getMethod())) {
            return Optional.empty();
        }
        LOG.warnf("refused %s %s: %s", request.getMethod(), request.getUriInfo().getPath(),
                request.getHeaderString(HEADER) == null ? "no " + HEADER + " header" : "wrong " + HEADER);
        return Optional.of(Response.status(Response.Status.UNAUTHORIZED)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, "ApiKey header=\"" + HEADER + "\"")
                .entity(new ErrorResponse("unauthorized", "a valid " + HEADER + " header is required for "
                        + request.getMethod() + " requests"))
                .build());
    }
}
