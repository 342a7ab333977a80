package io.thalamus.expert.spi;

import io.thalamus.api.invoke.InvokeRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * The one interface an expert implements. The runtime exposes it as {@code /v1/invoke} and
 * {@code /v1/invoke:batch}, validates inputs against the configured descriptor, batches calls,
 * registers the expert and reports its load.
 *
 * <p>Methods are called on worker threads and may block, except {@link #batchKey}, which runs at admission. Throw
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

    /**
     * The batch this request may join: the runtime hands {@link #invokeBatch} only requests with equal keys, and
     * queues each key on its own (see {@code MicroBatcher}). An expert whose model can batch any requests together
     * keeps the default, one key for all; one that routes requests to different sub-models returns the sub-model's
     * name, so a batch only holds requests one forward pass can serve.
     *
     * <p>Unlike the other methods, this one is called once per request at admission, on the thread that submits it
     * (an HTTP I/O thread, or the job worker), before the request is queued, and concurrently for different
     * requests. It must therefore be quick, non-blocking and thread-safe: light work such as embedding a short
     * prompt is fine, a model call or I/O is not. A {@link
     * io.thalamus.api.problem.ProblemException} thrown here is that request's error (other items of a
     * {@code /v1/invoke:batch} call are still admitted); any other exception fails the request with
     * {@code expert-failed}. {@code null} counts as the default key.
     */
    default String batchKey(InvokeRequest request) {
        return "";
    }

    /** Whether the expert can take work (models loaded). Reported by readiness checks. */
    default boolean ready() {
        return true;
    }
}
