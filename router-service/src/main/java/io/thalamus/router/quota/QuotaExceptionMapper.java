package io.thalamus.router.quota;

import io.thalamus.support.problem.ProblemResponses;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Answers a refused request with its problem and the headers clients back off by: {@code Retry-After} and the
 * IETF {@code RateLimit-Limit}, {@code RateLimit-Remaining}, {@code RateLimit-Reset} and {@code RateLimit-Policy}.
 */
public class QuotaExceptionMapper {

    @ServerExceptionMapper
    public Response quotaExceeded(QuotaExceededException exception) {
        long seconds = exception.retryAfterSeconds();
        Response.ResponseBuilder response = Response.fromResponse(ProblemResponses.of(exception.problem()))
                .header("Retry-After", seconds)
                .header("RateLimit-Limit", exception.limit())
                .header("RateLimit-Remaining", 0)
                .header("RateLimit-Reset", seconds);
        if ("requests-per-minute".equals(exception.measure())) {
            response.header("RateLimit-Policy", exception.limit() + ";w=60");
        }
        return response.build();
    }
}
