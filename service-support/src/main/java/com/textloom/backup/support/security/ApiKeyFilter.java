package com.textloom.backup.support.security;

import com.textloom.backup.support.api.ErrorResponse;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards every REST endpoint of the service, failing closed. A guarded request is a {@code POST}, {@code PUT},
 * {@code PATCH} or {@code DELETE}, or a read marked {@link RequiresApiKey}; other reads stay open.
 * <ul>
 *   <li>{@code BACKUP_API_KEY} set: a guarded request without the right {@value #HEADER} header gets {@code 401}.</li>
 *   <li>No key set: a guarded request gets {@code 401} naming {@code BACKUP_API_KEY}, unless
 *       {@code BACKUP_API_AUTH=disabled} ({@link ApiKeyGate}).</li>
 * </ul>
 * A request with a valid key is attributed to the key's name ({@link Caller}). Keys are compared in constant time
 * and never logged; a refusal is logged with method and path only.
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
    public Optional<Response> check(ContainerRequestContext request, ResourceInfo resource) {
        String presented = request.getHeaderString(HEADER);
        Optional<String> name = keys.match(presented);
        name.ifPresent(caller::identify);
        if (name.isPresent() || !guarded(request.getMethod(), resource) || keys.open()) {
            return Optional.empty();
        }
        String what = MUTATING.contains(request.getMethod()) ? request.getMethod() + " requests" : "this read";
        String reason;
        String message;
        if (keys.required()) {
            reason = presented == null ? "no " + HEADER + " header" : "wrong " + HEADER;
            message = "a valid " + HEADER + " header is required for " + what;
        } else {
            reason = "no BACKUP_API_KEY configured";
            message = "this service has no API key configured, so it refuses " + what + ": set BACKUP_API_KEY on"
                    + " the service and send it as " + HEADER + " (or set BACKUP_API_AUTH=disabled to run without"
                    + " authentication)";
        }
        LOG.warnf("refused %s %s: %s", request.getMethod(), request.getUriInfo().getPath(), reason);
        return Optional.of(new ErrorResponse(ErrorResponse.UNAUTHORIZED, message)
                .answer(401)
                .header(HttpHeaders.WWW_AUTHENTICATE, "ApiKey header=\"" + HEADER + "\"")
                .build());
    }

    private static boolean guarded(String method, ResourceInfo resource) {
        if (MUTATING.contains(method)) {
            return true;
        }
        Class<?> type = resource == null ? null : resource.getResourceClass();
        Method handler = resource == null ? null : resource.getResourceMethod();
        return type != null && type.isAnnotationPresent(RequiresApiKey.class)
                || handler != null && handler.isAnnotationPresent(RequiresApiKey.class);
    }
}
