package io.thalamus.router.input;

import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.router.collection.CollectionsConfig;
import io.thalamus.router.task.TaskLimits;
import io.thalamus.support.problem.ProblemResponses;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a body larger than {@code thalamus.router.limits.max-request-bytes} before reading it; collection uploads
 * have their own limit, {@code thalamus.router.collections.max-upload-bytes}.
 */
public class RequestSizeFilter {

    private static final String COLLECTIONS = "/v1/collections";

    private final TaskLimits limits;
    private final CollectionsConfig collections;

    public RequestSizeFilter(TaskLimits limits, CollectionsConfig collections) {
        this.limits = limits;
        this.collections = collections;
    }

    @ServerRequestFilter(preMatching = true)
    public Response refuseOversizedBodies(ContainerRequestContext request) {
        long length = request.getLength();
        long limit = request.getUriInfo().getPath().startsWith(COLLECTIONS)
                ? collections.maxUploadBytes() : limits.maxRequestBytes();
        if (length > limit) {
            return ProblemResponses.of(Problem.of(ProblemType.PAYLOAD_TOO_LARGE,
                    "The body has " + length + " bytes, the limit is " + limit));
        }
        return null;
    }
}
