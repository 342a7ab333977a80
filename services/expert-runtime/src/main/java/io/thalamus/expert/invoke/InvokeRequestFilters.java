package io.thalamus.expert.invoke;

import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.expert.config.ExpertConfig;
import io.thalamus.support.problem.ProblemResponses;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.net.URI;
import java.util.Locale;

/** Checks that run on invoke requests before they are matched to a method and their body is read. */
public class InvokeRequestFilters {

    private static final String INVOKE = "/v1/invoke";
    private static final String ENCODED_BATCH = "/v1/invoke%3abatch";

    private final long maxBodyBytes;

    public InvokeRequestFilters(ExpertConfig config) {
        this.maxBodyBytes = config.limits().maxBodySize().asLongValue();
    }

    /**
     * Some HTTP clients percent-encode the colon of {@code /v1/invoke:batch}; both spellings name the same
     * resource, but methods are matched on the path as sent.
     */
    @ServerRequestFilter(preMatching = true, priority = 100)
    public void acceptEncodedColon(ContainerRequestContext request) {
        URI uri = request.getUriInfo().getRequestUri();
        String raw = uri.getRawPath();
        if (raw != null && raw.toLowerCase(Locale.ROOT).endsWith(ENCODED_BATCH)) {
            String path = raw.substring(0, raw.length() - ENCODED_BATCH.length()) + INVOKE + ":batch";
            request.setRequestUri(UriBuilder.fromUri(uri).replacePath(path).build());
        }
    }

    /**
     * Refuses bodies whose declared length exceeds {@code thalamus.expert.limits.max-body-size}. Bodies sent
     * without a length are capped by {@code quarkus.http.limits.max-body-size}.
     */
    @ServerRequestFilter(preMatching = true, priority = 200)
    public Response limitBodySize(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith(INVOKE)) {
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
        if (length <= maxBodyBytes) {
            return null;
        }
        return ProblemResponses.of(Problem.of(ProblemType.PAYLOAD_TOO_LARGE,
                "The body is " + length + " bytes; this expert accepts at most " + maxBodyBytes));
    }
}
