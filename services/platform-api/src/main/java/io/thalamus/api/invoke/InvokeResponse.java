package io.thalamus.api.invoke;

import com.fasterxml.jackson.databind.JsonNode;

/** An expert's answer: a task-specific output, the model that produced it and what it used. */
public record InvokeResponse(String requestId, String modelId, JsonNode output, Usage usage) {
}
