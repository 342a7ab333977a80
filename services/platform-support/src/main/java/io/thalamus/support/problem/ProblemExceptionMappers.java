package io.thalamus.support.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** Turns every failure that reaches the HTTP layer into an RFC 9457 problem; nothing leaves as a bare 500 page. */
public class ProblemExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ProblemExceptionMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException exception) {
        return ProblemResponses.of(exception.problem());
    }

    @ServerExceptionMapper
    public Response constraintViolations(ConstraintViolationException exception) {
        List<FieldError> errors = exception.getConstraintViolations().stream()
                .map(violation -> new FieldError(fieldOf(violation), violation.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
        return ProblemResponses.of(Problem.invalid(errors.size() + " invalid field(s)", errors));
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException exception) {
        String detail = exception.getOriginalMessage();
        List<FieldError> errors = List.of();
        if (exception instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = pathOf(mapping);
            errors = List.of(new FieldError(field, rootMessage(mapping)));
            detail = "field '" + field + "': " + rootMessage(mapping);
        }
        return ProblemResponses.of(Problem.invalid("The body is not valid JSON for this request: " + detail, errors));
    }

    /**
     * Quarkus REST ships its own mapper for this subtype (a bare 400 without a body); one registered for the exact
     * type with a higher priority replaces it.
     */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response mismatchedInput(MismatchedInputException exception) {
        return unreadableJson(exception);
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException exception) {
        return unauthorized();
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException exception) {
        return unauthorized();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException exception) {
        return ProblemResponses.of(Problem.of(ProblemType.FORBIDDEN,
                "Your identity is not allowed to do this"));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException exception) {
        // Quarkus REST wraps some body-reading failures (e.g. a value a record's creator refuses)
        if (exception.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        int status = exception.getResponse().getStatus();
        if (status < 400) {
            return exception.getResponse();
        }
        ProblemType type = typeFor(status);
        Problem problem = new Problem(type.uri(), type == ProblemType.INTERNAL ? reason(status) : type.title(),
                status, exception.getMessage(), null, null);
        Response response = ProblemResponses.of(problem);
        if (exception.getResponse().getHeaders().containsKey(HttpHeaders.ALLOW)) {
            return Response.fromResponse(response)
                    .header(HttpHeaders.ALLOW, exception.getResponse().getHeaderString(HttpHeaders.ALLOW))
                    .build();
        }
        return response;
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable throwable) {
        LOG.error("Unexpected failure while handling a request", throwable);
        return ProblemResponses.of(Problem.of(ProblemType.INTERNAL,
                "The server failed unexpectedly; quote the traceId when reporting it"));
    }

    private static Response unauthorized() {
        return Response.fromResponse(ProblemResponses.of(Problem.of(ProblemType.UNAUTHORIZED,
                        "Send a valid bearer token in the Authorization header")))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    private static ProblemType typeFor(int status) {
        return switch (status) {
            case 400 -> ProblemType.INVALID_REQUEST;
            case 401 -> ProblemType.UNAUTHORIZED;
            case 403 -> ProblemType.FORBIDDEN;
            case 404 -> ProblemType.NOT_FOUND;
            case 409 -> ProblemType.CONFLICT;
            case 412 -> ProblemType.PRECONDITION_FAILED;
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA;
            case 429 -> ProblemType.QUOTA_EXCEEDED;
            default -> ProblemType.INTERNAL;
        };
    }

    private static String reason(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known == null ? "HTTP " + status : known.getReasonPhrase();
    }

    private static String fieldOf(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        // drop the method and parameter prefix ("register.descriptor.tasks" → "tasks")
        String[] parts = path.split("\\.");
        return parts.length > 2 ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length)) : path;
    }

    private static String pathOf(JsonMappingException exception) {
        return exception.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static String rootMessage(JsonMappingException exception) {
        Throwable cause = exception;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause instanceof JsonProcessingException json ? json.getOriginalMessage() : cause.getMessage();
        return message == null ? "invalid value" : message.split("\n")[0];
    }
}
