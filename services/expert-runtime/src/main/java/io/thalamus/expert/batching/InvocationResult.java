package io.thalamus.expert.batching;

import io.thalamus.api.invoke.InvokeResponse;
import io.thalamus.api.problem.Problem;

/** What became of one queued request: a response, or the problem that stopped it. */
public record InvocationResult(InvokeResponse response, Problem problem) {

    public static InvocationResult ok(InvokeResponse response) {
        return new InvocationResult(response, null);
    }

    public static InvocationResult failed(Problem problem) {
        return new InvocationResult(null, problem);
    }

    public boolean succeeded() {
        return response != null;
    }
}
