package com.textloom.backup.support.api;

import com.textloom.backup.support.status.ServiceStatus;
import com.textloom.backup.support.status.StatusReporter;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /api/status} with the common {@link ServiceStatus}, for services that answer nothing more
 * specific. A service opts in with {@code textloom.status.common-resource.enabled=true} in its
 * {@code application.properties} (a build-time switch); a service with its own {@code /api/status}
 * (the monitor's guide-shaped answer) leaves it off and embeds {@link StatusReporter#current()} if useful.
 */
@Path("/api/status")
@Tag(name = "status")
@IfBuildProperty(name = "textloom.status.common-resource.enabled", stringValue = "true")
public class CommonStatusResource {

    @Inject
    StatusReporter reporter;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Service name, version, uptime and whether the Kafka broker answers")
    public ServiceStatus status() {
        return reporter.current();
    }
}
