package io.thalamus.api.invoke;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.thalamus.api.problem.Problem;

/** The outcome of one item of a batch: a response, or a problem for that item alone. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchItemResult(String requestId, InvokeResponse response, Problem problem) {

    public static BatchItemResult ok(InvokeResponse response) {
        return new BatchItemResult(response.requestId(), response, null);
    }

    public static BatchItemResult failed(String requestId, Problem problem) {
        return new BatchItemResult(requestId, null, problem);
    }
}
