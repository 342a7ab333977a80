package io.thalamus.api.routing;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A caller's verdict on a task's result ({@code POST /v1/tasks/{id}/feedback}).
 *
 * @param score   0 (useless) to 1 (exactly right)
 * @param comment optional free text
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskFeedback(Double score, String comment) {
}
