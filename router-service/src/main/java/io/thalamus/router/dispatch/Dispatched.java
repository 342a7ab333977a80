package io.thalamus.router.dispatch;

import io.thalamus.api.invoke.InvokeResponse;
import io.thalamus.router.selection.Candidate;

import java.util.List;

/** The expert that served a request, its response, and every expert tried on the way (in order). */
public record Dispatched(Candidate servedBy, InvokeResponse response, List<String> attempts) {
}
