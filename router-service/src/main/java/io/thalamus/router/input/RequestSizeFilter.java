package io.thalamus.router.input;

import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.router.task.TaskLimits;
import io.thalamus.support.problem.ProblemResponses;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Refuses a body larger than {@code thalamus.router.limits.max-request-bytes} before reading it. */
public class RequestSizeFilter {

    private final TaskLimits limits;

    public RequestSizeFilter(TaskLimits limits) {
        this.limits = limits;
    }

    @ServerRequestFilter(preMatching = true)
    public Response refuseOversizedBodies(ContainerRequestContext request) {
        long length = request.getLength();
        if (length > limits.maxRequestBytes()) {
            return ProblemResponses.of(Problem.of(ProblemType.PAYLOAD_TOO_LARGE,
                    "The body has " + length + " bytes, the limit is " + limits.maxRequestBytes()));
        }
        return null;
    }
}
