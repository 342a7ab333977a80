package io.thalamus.expert.batching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.thalamus.api.expert.CostModel;
import io.thalamus.api.expert.ExpertDescriptor;
import io.thalamus.api.invoke.InvokeRequest;
import io.thalamus.api.invoke.InvokeResponse;
import io.thalamus.api.invoke.Usage;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.expert.config.ExpertDescriptorFactory;
import io.thalamus.expert.load.LoadTracker;
import io.thalamus.expert.load.Outcome;
import io.thalamus.expert.spi.Expert;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one batch through the expert on a worker thread and completes every request of it. One model call serves
 * the whole batch; if that call fails, each request is retried alone so that one bad input fails only itself.
 *
 * <p>Usage: {@code gpuMillis} on the wire is the request's share of the model call's wall time (the call's time
 * divided by the batch size). It measures compute time on whatever the model runs on, CPU included.
 */
@ApplicationScoped
public class BatchRunner {

    private static final Logger LOG = Logger.getLogger(BatchRunner.class);
    private static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("thalamus.batch.size");
    private static final AttributeKey<String> EXPERT_ID = AttributeKey.stringKey("thalamus.expert.id");

    private final Expert expert;
    private final ObjectMapper mapper;
    private final LoadTracker load;
    private final Tracer tracer;
    private final String expertId;
    private final String modelId;
    private final CostModel cost;

    public BatchRunner(Expert expert, ExpertDescriptorFactory descriptors, ObjectMapper mapper, LoadTracker load,
                       Tracer tracer) {
        this.expert = expert;
        this.mapper = mapper;
        this.load = load;
        this.tracer = tracer;
        ExpertDescriptor descriptor = descriptors.descriptor();
        this.expertId = descriptor.id();
        this.modelId = descriptor.modelId();
        this.cost = descriptor.cost();
    }

    void run(List<PendingInvocation> batch) {
        try {
            Instant now = Instant.now();
            List<PendingInvocation> live = new ArrayList<>(batch.size());
            for (PendingInvocation call : batch) {
                if (call.expired(now)) {
                    finish(call, InvocationResult.failed(Problem.of(ProblemType.DEADLINE_EXCEEDED,
                            "The deadline " + call.request().deadline() + " passed while the request waited in the queue")),
                            Outcome.EXPIRED);
                } else {
                    live.add(call);
                }
            }
            if (!live.isEmpty()) {
                runOnModel(live);
            }
        } finally {
            // Only reached with unfinished calls when an Error escaped the expert.
            for (PendingInvocation call : batch) {
                if (!call.done()) {
                    finish(call, InvocationResult.failed(Problem.of(ProblemType.INTERNAL,
                            "The expert runtime failed while working on this request")), Outcome.FAILED);
                }
            }
        }
    }

    private void runOnModel(List<PendingInvocation> live) {
        Span span = batchSpan(live).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            List<InvokeRequest> requests = live.stream().map(PendingInvocation::request).toList();
            long start = System.nanoTime();
            List<Object> outputs;
            try {
                outputs = expert.invokeBatch(requests);
                if (outputs == null || outputs.size() != requests.size()) {
                    throw new IllegalStateException("Expert.invokeBatch returned "
                            + (outputs == null ? "null" : outputs.size() + " outputs") + " for " + requests.size() + " requests");
                }
            } catch (Exception e) {
                long elapsed = System.nanoTime() - start;
                load.batchRan(live.size(), elapsed);
                if (live.size() == 1) {
                    finishFailure(live.get(0), e);
                    return;
                }
                LOG.debugf("A batch of %d failed (%s); invoking its requests one by one", live.size(), e.toString());
                span.addEvent("batch failed, invoking requests one by one");
                for (PendingInvocation call : live) {
                    runAlone(call);
                }
                return;
            }
            long elapsed = System.nanoTime() - start;
            load.batchRan(live.size(), elapsed);
            long share = elapsed / live.size();
            for (int i = 0; i < live.size(); i++) {
                finishOutput(live.get(i), outputs.get(i), share);
            }
        } finally {
            span.end();
        }
    }

    private void runAlone(PendingInvocation call) {
        long start = System.nanoTime();
        Object output;
        try {
            output = expert.invoke(call.request());
        } catch (Exception e) {
            load.batchRan(1, System.nanoTime() - start);
            finishFailure(call, e);
            return;
        }
        long elapsed = System.nanoTime() - start;
        load.batchRan(1, elapsed);
        finishOutput(call, output, elapsed);
    }

    private void finishOutput(PendingInvocation call, Object output, long computeNanos) {
        JsonNode json;
        try {
            json = mapper.valueToTree(output);
        } catch (IllegalArgumentException e) {
            LOG.errorf(e, "The output for request %s cannot be written as JSON", call.request().requestId());
            finish(call, InvocationResult.failed(Problem.of(ProblemType.EXPERT_FAILED,
                    "The expert produced an output that cannot be written as JSON")), Outcome.FAILED);
            return;
        }
        long computeMillis = Math.round(computeNanos / 1_000_000.0);
        Usage usage = new Usage(computeMillis, cost.creditsFor(computeMillis));
        finish(call, InvocationResult.ok(new InvokeResponse(call.request().requestId(), modelId, json, usage)),
                Outcome.OK);
    }

    private void finishFailure(PendingInvocation call, Exception failure) {
        if (failure instanceof ProblemException problemException) {
            Problem problem = problemException.problem();
            finish(call, InvocationResult.failed(problem), problem.status() >= 500 ? Outcome.FAILED : Outcome.INVALID);
            return;
        }
        LOG.errorf(failure, "The expert failed on request %s", call.request().requestId());
        Span.current().setStatus(StatusCode.ERROR, failure.getClass().getName());
        finish(call, InvocationResult.failed(Problem.of(ProblemType.EXPERT_FAILED,
                        "The model failed on this request; the expert's log has the details for request "
                                + call.request().requestId())),
                Outcome.FAILED);
    }

    private void finish(PendingInvocation call, InvocationResult result, Outcome outcome) {
        load.finished(call.task(), outcome, System.nanoTime() - call.admittedAtNanos());
        call.complete(result);
    }

    /** One span per model call: a child of the caller's span for a single request, linked to all callers otherwise. */
    private SpanBuilder batchSpan(List<PendingInvocation> live) {
        SpanBuilder builder = tracer.spanBuilder("expert invokeBatch")
                .setAttribute(BATCH_SIZE, (long) live.size())
                .setAttribute(EXPERT_ID, expertId);
        if (live.size() == 1 && live.get(0).callerSpan().isValid()) {
            return builder.setParent(Context.root().with(Span.wrap(live.get(0).callerSpan())));
        }
        builder.setNoParent();
        for (PendingInvocation call : live) {
            SpanContext caller = call.callerSpan();
            if (caller.isValid()) {
                builder.addLink(caller);
            }
        }
        return builder;
    }
}
