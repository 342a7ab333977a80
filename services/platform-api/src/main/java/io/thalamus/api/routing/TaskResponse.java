package io.thalamus.api.routing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.thalamus.api.invoke.Usage;
import io.thalamus.api.problem.Problem;

/** The router's answer: the expert's output with the routing explanation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskResponse(
        String id,
        TaskStatus status,
        JsonNode output,
        String modelId,
        Usage usage,
        long latencyMs,
        RoutingDecision routing,
        Problem error) {
}
