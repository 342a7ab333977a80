package io.thalamus.expert.batching;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.thalamus.api.invoke.InvokeRequest;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A validated request waiting in the queue, with the future its caller is waiting on. */
public final class PendingInvocation {

    private final InvokeRequest request;
    private final long admittedAtNanos = System.nanoTime();
    private final SpanContext callerSpan = Span.current().getSpanContext();
    private final CompletableFuture<InvocationResult> result = new CompletableFuture<>();

    public PendingInvocation(InvokeRequest request) {
        this.request = request;
    }

    public InvokeRequest request() {
        return request;
    }

    public String task() {
        return request.task().value();
    }

    public long admittedAtNanos() {
        return admittedAtNanos;
    }

    SpanContext callerSpan() {
        return callerSpan;
    }

    public boolean expired(Instant now) {
        return request.deadline() != null && !now.isBefore(request.deadline());
    }

    public CompletionStage<InvocationResult> result() {
        return result;
    }

    /** Completes the caller's future; returns false if it was already completed. */
    boolean complete(InvocationResult outcome) {
        return result.complete(outcome);
    }

    boolean done() {
        return result.isDone();
    }
}
