package io.thalamus.api.routing;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.thalamus.api.task.TaskId;
import io.thalamus.api.task.TaskInput;

import java.util.Map;

/**
 * What a product team sends to {@code POST /v1/tasks}.
 *
 * @param task optional; when absent the router classifies the input
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskRequest(
        TaskId task,
        TaskInput input,
        Map<String, Object> params,
        Constraints constraints,
        Tradeoff tradeoff,
        Integer timeoutMs) {

    public TaskRequest {
        params = params == null ? Map.of() : params;
        constraints = constraints == null ? Constraints.NONE : constraints;
    }
}
