package io.thalamus.router.dispatch;

import io.thalamus.api.invoke.InvokeResponse;
import io.thalamus.router.selection.Candidate;

import java.util.List;
import java.util.Map;

/**
 * The expert that served a request, its response, every expert called on the way (in order), and why each expert
 * before it did not serve (a failure, or a circuit that opened between selection and dispatch).
 */
public record Dispatched(Candidate servedBy, InvokeResponse response, List<String> attempts,
                         Map<String, String> passedOver) {
}
