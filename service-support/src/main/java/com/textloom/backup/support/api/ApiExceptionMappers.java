package com.textloom.backup.support.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.CharConversionException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one exception mapper of the suite's four services (service-support is in each): every refusal becomes an
 * {@link ErrorResponse}.
 * <ul>
 *   <li>{@link ApiException}: its status, code, message and field.</li>
 *   <li>Bean Validation's {@link ConstraintViolationException} on a request ({@code @Valid} body record, constrained
 *       query or path parameter): 400, {@code field} the snake_case property or parameter when all violations are
 *       about one, {@code message} {@code <field>: <constraint message>}; on a return value: 500.</li>
 *   <li>A body Jackson cannot read (not JSON, trailing tokens, nesting or number limits, unknown field, wrong type):
 *       400 naming the top-level field where one is at fault ({@link JsonBodyError}).</li>
 *   <li>Any other {@link WebApplicationException} (no such resource 404, method 405, 406, body too large 413,
 *       content type 415): its status with the code of {@link ErrorResponse#codeFor(int)} and a sentence naming the
 *       method and path; {@code Allow} kept on a 405.</li>
 *   <li>Anything else: 500 {@code internal}, logged with its stack trace; the answer carries no exception text.</li>
 * </ul>
 * The request filters of service-support answer with the same body ({@code ApiKeyFilter}'s 401).
 */
public class ApiExceptionMappers {
    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);
    /** Ahead of the extensions' own mappers of the same exceptions (Jackson's, Hibernate Validator's). */
    private static final int FIRST = Priorities.USER - 100;

    @ServerExceptionMapper(priority = FIRST)
    public Response refused(ApiException e) {
        return e.body().answer(e.status()).build();
    }

    @ServerExceptionMapper(priority = FIRST)
    public Response invalid(ConstraintViolationException e, ContainerRequestContext request) {
        Set<ConstraintViolation<?>> violations = e.getConstraintViolations();
        if (violations.stream().anyMatch(v -> kinds(v.getPropertyPath()).contains(ElementKind.RETURN_VALUE))) {
            return unexpected(e, request);
        }
        List<String[]> named = violations.stream()
                .map(v -> new String[] {field(v.getPropertyPath()), v.getMessage()})
                .sorted(Comparator.comparing((String[] f) -> String.valueOf(f[0]))
                        .thenComparing(f -> f[1]))
                .toList();
        Set<String> fields = named.stream().map(f -> String.valueOf(f[0])).collect(Collectors.toSet());
        String message = named.stream()
                .map(f -> f[0] == null ? f[1] : f[0] + ": " + f[1])
                .distinct()
                .collect(Collectors.joining("; "));
        String field = fields.size() == 1 && named.get(0)[0] != null ? named.get(0)[0] : null;
        return ApiException.badRequest(field, message).body().answer(400).build();
    }

    @ServerExceptionMapper(priority = FIRST)
    public Response unreadable(MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper(priority = FIRST)
    public Response unreadable(JsonProcessingException e) {
        return json(e);
    }

    @ServerExceptionMapper(priority = FIRST)
    public Response undecodable(CharConversionException e) {
        return ApiException.badRequest(null, "the body is not valid JSON text: " + e.getMessage())
                .body()
                .answer(400)
                .build();
    }

    @ServerExceptionMapper(priority = FIRST)
    public Response framework(WebApplicationException e, ContainerRequestContext request) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json);
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, request);
        }
        String where = request.getMethod() + " " + request.getUriInfo().getPath();
        String message = switch (status) {
            case 404 -> "nothing at " + where;
            case 405 ->
                request.getMethod() + " is not allowed on "
                        + request.getUriInfo().getPath()
                        + (e instanceof NotAllowedException
                                ? " (allowed: " + e.getResponse().getHeaderString(HttpHeaders.ALLOW) + ")"
                                : "");
            case 406 -> where + " cannot answer in " + request.getHeaderString(HttpHeaders.ACCEPT);
            case 413 -> "the body of " + where + " is too large";
            case 415 ->
                where + " does not take a body of type " + request.getMediaType()
                        + (e instanceof NotSupportedException ? "; send application/json" : "");
            default -> where + ": " + (e.getMessage() == null ? "HTTP " + status : e.getMessage());
        };
        Response.ResponseBuilder answer = new ErrorResponse(ErrorResponse.codeFor(status), message).answer(status);
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (allow != null) {
            answer.header(HttpHeaders.ALLOW, allow);
        }
        return answer.build();
    }

    @ServerExceptionMapper(priority = Priorities.USER + 100)
    public Response unexpected(Exception e, ContainerRequestContext request) {
        LOG.errorf(e, "%s %s failed", request.getMethod(), request.getUriInfo().getPath());
        return new ErrorResponse(
                        ErrorResponse.INTERNAL,
                        request.getMethod() + " " + request.getUriInfo().getPath() + " failed inside the service ("
                                + e.getClass().getSimpleName() + "); the service log has the details")
                .answer(500)
                .build();
    }

    private static Response json(JsonProcessingException e) {
        ApiException refusal = JsonBodyError.of(e);
        return refusal.body().answer(refusal.status()).build();
    }

    /** The snake_case body property, else the parameter, a violation is about (null for the bean as a whole). */
    private static String field(Path path) {
        String parameter = null;
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.PROPERTY) {
                return JsonBodyError.snake(node.getName());
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = JsonBodyError.snake(node.getName());
            }
        }
        return parameter;
    }

    private static List<ElementKind> kinds(Path path) {
        List<ElementKind> kinds = new java.util.ArrayList<>();
        path.forEach(n -> kinds.add(n.getKind()));
        return kinds;
    }
}
