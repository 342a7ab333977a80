package io.thalamus.expert.batching;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.thalamus.api.invoke.InvokeRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A validated request waiting in the queue, with its batch key and the future its caller is waiting on. */
public final class PendingInvocation {

    /** The key of requests that any batch may hold ({@link io.thalamus.expert.spi.Expert#batchKey}'s default). */
    public static final String DEFAULT_KEY = "";

    /** Deadlines further away than this are treated as this far away (keeps the nanosecond arithmetic safe). */
    private static final long FAR_NANOS = Duration.ofDays(365).toNanos();

    private final InvokeRequest request;
    private final String batchKey;
    private final long admittedAtNanos = System.nanoTime();
    private final long deadlineAtNanos;
    private final SpanContext callerSpan = Span.current().getSpanContext();
    private final CompletableFuture<InvocationResult> result = new CompletableFuture<>();

    /** A request that may join any batch of the default key. */
    public PendingInvocation(InvokeRequest request) {
        this(request, DEFAULT_KEY);
    }

    /** A request that may only be batched with requests of the same key ({@code null} is the default key). */
    public PendingInvocation(InvokeRequest request, String batchKey) {
        this.request = request;
        this.batchKey = batchKey == null ? DEFAULT_KEY : batchKey;
        this.deadlineAtNanos = request.deadline() == null ? Long.MAX_VALUE
                : admittedAtNanos + clamp(Duration.between(Instant.now(), request.deadline()));
    }

    public InvokeRequest request() {
        return request;
    }

    public String batchKey() {
        return batchKey;
    }

    public String task() {
        return request.task().value();
    }

    public long admittedAtNanos() {
        return admittedAtNanos;
    }

    /** Nanoseconds from {@code nowNanos} (a {@link System#nanoTime()} reading) to the deadline; negative once it passed. */
    long nanosUntilDeadline(long nowNanos) {
        return deadlineAtNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineAtNanos - nowNanos;
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

    private static long clamp(Duration untilDeadline) {
        if (untilDeadline.compareTo(Duration.ofNanos(FAR_NANOS)) > 0) {
            return FAR_NANOS;
        }
        if (untilDeadline.compareTo(Duration.ofNanos(-FAR_NANOS)) < 0) {
            return -FAR_NANOS;
        }
        return untilDeadline.toNanos();
    }
}
