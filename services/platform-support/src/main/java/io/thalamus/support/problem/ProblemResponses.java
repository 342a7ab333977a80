package io.thalamus.support.problem;

import io.opentelemetry.api.trace.Span;
import io.thalamus.api.problem.Problem;
import jakarta.ws.rs.core.Response;

/** Builds {@code application/problem+json} responses, stamped with the current trace id so users can report them. */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    public static Response of(Problem problem) {
        String traceId = Span.current().getSpanContext().getTraceId();
        if (Span.current().getSpanContext().isValid() && !problem.extensions().containsKey("traceId")) {
            problem.with("traceId", traceId);
        }
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem)
                .build();
    }
}
