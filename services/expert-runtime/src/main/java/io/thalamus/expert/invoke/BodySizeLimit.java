package io.thalamus.expert.invoke;

import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.expert.config.ExpertConfig;
import io.thalamus.support.problem.ProblemResponses;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses invoke requests whose declared body exceeds {@code thalamus.expert.limits.max-body-size} before the body
 * is read. Bodies without a length are capped by {@code quarkus.http.limits.max-body-size}.
 */
public class BodySizeLimit {

    private final long maxBytes;

    public BodySizeLimit(ExpertConfig config) {
        this.maxBytes = config.limits().maxBodySize().asLongValue();
    }

    @ServerRequestFilter(preMatching = true)
    public Response limit(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/v1/invoke")) {
            return null;
        }
        String declared = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (declared == null) {
            return null;
        }
        long length;
        try {
            length = Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            return null;
        }
        if (length <= maxBytes) {
            return null;
        }
        return ProblemResponses.of(Problem.of(ProblemType.PAYLOAD_TOO_LARGE,
                "The body is " + length + " bytes; this expert accepts at most " + maxBytes));
    }
}
