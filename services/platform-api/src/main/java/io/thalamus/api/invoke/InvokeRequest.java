package io.thalamus.api.invoke;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.thalamus.api.task.TaskId;
import io.thalamus.api.task.TaskInput;

import java.time.Instant;
import java.util.Map;

/**
 * One unit of work sent to an expert ({@code POST /v1/invoke}).
 *
 * @param params   task-specific parameters (e.g. {@code topK} for retrieval)
 * @param deadline the expert should give up after this instant
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InvokeRequest(
        String requestId,
        String tenant,
        TaskId task,
        TaskInput input,
        Map<String, Object> params,
        Instant deadline) {

    public InvokeRequest {
        params = params == null ? Map.of() : params;
    }
}
