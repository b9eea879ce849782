package com.textloom.backup.manager.ha;

import com.textloom.backup.support.api.ErrorResponse;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A standby manager ({@link ManagerRole}) serves only what needs neither the state directory nor the right to write:
 * {@code GET /api/status} and the backup list and details (read from the shared repository). Every other
 * {@code /api/} call is answered {@code 503 {"error": "standby", "message": ...}} (the suite's one error body, its {@code standby}
 * refinement of {@code unavailable}) (with {@code Retry-After}), so nothing is
 * queued, recorded or deleted by the replica that does not work; send it to the active manager instead.
 */
@Singleton
public class StandbyFilter {
    @Inject
    ManagerRole role;

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> check(ContainerRequestContext request) {
        if (role.active()) {
            return Optional.empty();
        }
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/")
                || "GET".equals(request.getMethod())
                        && (path.equals("/api/status")
                                || path.equals("/api/backups")
                                || path.startsWith("/api/backups/"))) {
            return Optional.empty();
        }
        return Optional.of(new ErrorResponse(
                        "standby",
                        "this backup manager is the standby (BACKUP_MODE=standby, not"
                                + " elected): it takes no work; send " + request.getMethod() + " " + path
                                + " to the active manager (GET /api/status shows each one's ha.role)")
                .answer(503)
                .header("Retry-After", "10")
                .build());
    }
}
