package com.textloom.backup.support.testapp;

import com.textloom.backup.events.SuiteEvent;
import com.textloom.backup.support.messaging.EventMessages;
import com.textloom.backup.support.security.Caller;
import com.textloom.backup.support.security.RequiresApiKey;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** A resource of the test application: two reads (one needs the key), one write, one publish. */
@Path("/test/things")
public class ProbeResource {

    /** A view with a camelCase Java name, to see that JSON comes out snake_case. */
    public record ThingView(String someName, Instant createdAt, String caller) {}

    @Inject
    Caller caller;

    @Channel("probe-out")
    Emitter<SuiteEvent> out;

    @GET
    public ThingView read() {
        return new ThingView("thing", Instant.parse("2025-08-20T12:00:00Z"), caller.name());
    }

    /** A read that reveals more than a listing: needs the key like a write. */
    @GET
    @Path("details")
    @RequiresApiKey
    public ThingView details() {
        return new ThingView("details", Instant.parse("2025-08-20T12:00:00Z"), caller.name());
    }

    @POST
    public Response create() {
        return Response.status(Response.Status.CREATED)
                .entity(new ThingView("created", Instant.parse("2025-08-20T12:00:00Z"), caller.name()))
                .build();
    }

    /** Publishes an event the way services do. */
    public void publish(SuiteEvent event) {
        out.send(EventMessages.of(event));
    }

    /** Publishes a request with its id as ce_id and returns once the broker has it. */
    public void publishAndAwait(SuiteEvent event, String id) {
        EventMessages.sendAndAwait(out, EventMessages.of(event, id), Duration.ofSeconds(15), "request " + id);
    }
}
