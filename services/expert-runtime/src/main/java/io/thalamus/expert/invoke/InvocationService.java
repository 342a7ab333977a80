package io.thalamus.expert.invoke;

import org.jboss.logging.Logger;
import io.smallrye.mutiny.Uni;
import io.thalamus.api.invoke.BatchInvokeRequest;
import io.thalamus.api.invoke.BatchInvokeResponse;
import io.thalamus.api.invoke.BatchItemResult;
import io.thalamus.api.invoke.InvokeRequest;
import io.thalamus.api.invoke.InvokeResponse;
import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.expert.batching.InvocationResult;
import io.thalamus.expert.batching.MicroBatcher;
import io.thalamus.expert.batching.PendingInvocation;
import io.thalamus.expert.config.ExpertConfig;
import io.thalamus.expert.load.LoadTracker;
import io.thalamus.expert.load.Outcome;
import io.thalamus.expert.spi.Expert;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Admits requests: validates them, asks the expert for their batch key, queues them for the micro-batcher and turns
 * their results into responses.
 * Never blocks the calling thread.
 */
@ApplicationScoped
public class InvocationService {

    private static final Logger LOG = Logger.getLogger(InvocationService.class);

    private static final String UNKNOWN_TASK = "unknown";

    private final InvokeRequestValidator validator;
    private final MicroBatcher batcher;
    private final LoadTracker load;
    private final Expert expert;
    private final int maxBatchItems;

    public InvocationService(InvokeRequestValidator validator, MicroBatcher batcher, LoadTracker load, Expert expert,
                             ExpertConfig config) {
        this.validator = validator;
        this.batcher = batcher;
        this.load = load;
        this.expert = expert;
        this.maxBatchItems = config.limits().maxBatchItems();
    }

    public Uni<InvokeResponse> invoke(InvokeRequest request) {
        requireReady(Collections.singletonList(request));
        PendingInvocation call = admit(request);
        submit(List.of(call));
        return Uni.createFrom().completionStage(call.result()).map(InvocationService::responseOrThrow);
    }

    public Uni<BatchInvokeResponse> invokeBatch(BatchInvokeRequest batch) {
        List<InvokeRequest> items = batch == null ? null : batch.items();
        if (items == null || items.isEmpty()) {
            throw new ProblemException(Problem.invalid("A batch needs at least one item",
                    List.of(new FieldError("items", "needs at least one invoke request"))));
        }
        if (items.size() > maxBatchItems) {
            ProblemType type = ProblemType.PAYLOAD_TOO_LARGE;
            throw new ProblemException(new Problem(type.uri(), type.title(), type.status(),
                    "A batch takes at most " + maxBatchItems + " items; this one has " + items.size(), null,
                    List.of(new FieldError("items", "has " + items.size() + " items; the limit is " + maxBatchItems))));
        }
        requireReady(items);
        BatchItemResult[] results = new BatchItemResult[items.size()];
        List<PendingInvocation> calls = new ArrayList<>(items.size());
        List<Integer> positions = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            InvokeRequest item = items.get(i);
            try {
                calls.add(admit(item));
                positions.add(i);
            } catch (ProblemException e) {
                results[i] = BatchItemResult.failed(item == null ? null : item.requestId(), e.problem());
            }
        }
        if (!calls.isEmpty()) {
            submit(calls);
        }
        CompletableFuture<?>[] pending = calls.stream()
                .map(call -> call.result().toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        return Uni.createFrom().completionStage(CompletableFuture.allOf(pending)).map(done -> {
            for (int j = 0; j < calls.size(); j++) {
                InvocationResult result = calls.get(j).result().toCompletableFuture().join();
                results[positions.get(j)] = result.succeeded()
                        ? BatchItemResult.ok(result.response())
                        : BatchItemResult.failed(calls.get(j).request().requestId(), result.problem());
            }
            return new BatchInvokeResponse(Arrays.asList(results));
        });
    }

    private void requireReady(List<InvokeRequest> requests) {
        if (!expert.ready()) {
            requests.forEach(request -> load.refused(taskTag(request), Outcome.REJECTED));
            throw new ProblemException(Problem.of(ProblemType.NO_EXPERT,
                    "The expert is not ready yet (its model is loading); retry later or use another expert")
                    .with("reason", "not-ready"));
        }
    }

    private PendingInvocation admit(InvokeRequest request) {
        InvokeRequest valid;
        try {
            valid = validator.validate(request);
        } catch (ProblemException e) {
            load.refused(taskTag(request), e.problem().is(ProblemType.DEADLINE_EXCEEDED) ? Outcome.EXPIRED : Outcome.INVALID);
            throw e;
        }
        PendingInvocation call = new PendingInvocation(valid, batchKey(valid));
        // logged on the request's thread, so the line carries the caller's trace id
        LOG.debugf("Accepted request %s for task %s (batch key '%s')", valid.requestId(), valid.task(), call.batchKey());
        return call;
    }

    /** The expert's batch key for a valid request; what the expert throws is this request's problem. */
    private String batchKey(InvokeRequest request) {
        try {
            return expert.batchKey(request);
        } catch (ProblemException e) {
            load.refused(request.task().value(), e.problem().status() >= 500 ? Outcome.FAILED : Outcome.INVALID);
            throw e;
        } catch (RuntimeException e) {
            LOG.errorf(e, "The expert could not choose the batch of request %s", request.requestId());
            load.refused(request.task().value(), Outcome.FAILED);
            throw new ProblemException(Problem.of(ProblemType.EXPERT_FAILED,
                    "The expert failed on this request; the expert's log has the details for request "
                            + request.requestId()));
        }
    }

    private void submit(List<PendingInvocation> calls) {
        try {
            batcher.submit(calls);
        } catch (ProblemException e) {
            calls.forEach(call -> load.refused(call.task(), Outcome.REJECTED));
            throw e;
        }
    }

    private String taskTag(InvokeRequest request) {
        return request != null && validator.performs(request.task()) ? request.task().value() : UNKNOWN_TASK;
    }

    private static InvokeResponse responseOrThrow(InvocationResult result) {
        if (result.succeeded()) {
            return result.response();
        }
        throw new ProblemException(result.problem());
    }
}
