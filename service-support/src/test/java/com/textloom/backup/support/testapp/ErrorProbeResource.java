package com.textloom.backup.support.testapp;

import com.textloom.backup.support.api.ApiException;
import com.textloom.backup.support.json.JsonRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** A resource of the test application that fails in every way a service's resource can (ApiErrorsIT). */
@Path("/test/errors")
@Produces(MediaType.APPLICATION_JSON)
public class ErrorProbeResource {

    /** A request body the way the services declare theirs. */
    @JsonRequest
    public record Order(
            @Pattern(regexp = "small|large", message = "must be small or large")
            String size,

            @Min(value = 0, message = "must be a non-negative integer")
            Integer itemCount,

            Boolean gift,
            List<@NotNull(message = "must be a list of strings") String> tags) {}

    /** Echoes the body; {@code null} (no body, empty, the literal null) comes back as the defaults. */
    @POST
    @Path("/orders")
    @Consumes(MediaType.APPLICATION_JSON)
    public Order order(@Valid Order order) {
        return order == null ? new Order("small", 1, false, List.of()) : order;
    }

    /** A constrained query parameter. */
    @GET
    @Path("/page")
    public List<Integer> page(
            @QueryParam("limit")
                    @Min(value = 1, message = "must be between 1 and 10")
                    @Max(value = 10, message = "must be between 1 and 10")
                    Integer limit) {
        return List.of(limit == null ? 10 : limit);
    }

    /** Refuses with the status, code and field asked for. */
    @GET
    @Path("/refusal")
    public String refusal(
            @QueryParam("status") int status, @QueryParam("code") String code, @QueryParam("field") String field) {
        throw new ApiException(status, code, "refused as asked", field);
    }

    /** A bug: an unexpected exception whose text must not reach the client. */
    @GET
    @Path("/bug")
    public String bug() {
        throw new IllegalStateException("secret internals");
    }
}
