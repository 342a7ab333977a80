package io.thalamus.expert.spi;

import io.thalamus.api.invoke.InvokeRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * The one interface an expert implements. The runtime exposes it as {@code /v1/invoke} and
 * {@code /v1/invoke:batch}, validates inputs against the configured descriptor, batches calls,
 * registers the expert and reports its load.
 *
 * <p>Methods are called on worker threads; they may block. Throw
 * {@link io.thalamus.api.problem.ProblemException} for input the expert cannot handle.
 */
public interface Expert {

    /** Works on one request and returns its task-specific output (serialised as JSON). */
    Object invoke(InvokeRequest request);

    /**
     * Works on several requests at once, returning outputs in the same order. Experts whose model
     * batches (one forward pass for many inputs) override this; the default calls {@link #invoke}.
     */
    default List<Object> invokeBatch(List<InvokeRequest> requests) {
        List<Object> outputs = new ArrayList<>(requests.size());
        for (InvokeRequest request : requests) {
            outputs.add(invoke(request));
        }
        return outputs;
    }

    /** Whether the expert can take work (models loaded). Reported by readiness checks. */
    default boolean ready() {
        return true;
    }
}
