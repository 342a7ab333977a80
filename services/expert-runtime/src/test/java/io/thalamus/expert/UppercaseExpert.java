package io.thalamus.expert;

import io.thalamus.api.invoke.InvokeRequest;
import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.expert.spi.Expert;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A small expert for the runtime's tests: upper-cases text, one batch per model call. It records the size of every
 * batch, can be held at a gate (so that requests pile up in the queue), refuses texts containing "reject" (400) and
 * fails on texts containing "crash"; a batch containing either fails as a whole, as a batched model does. A request
 * with the parameter {@code batchKey} is batched only with requests of the same key, one whose text contains
 * "unbatchable" is refused at admission (400); all others share the default key.
 */
@ApplicationScoped
public class UppercaseExpert implements Expert {

    private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile boolean ready = true;

    @Override
    public Object invoke(InvokeRequest request) {
        check(request);
        if (request.input().text().contains("crash")) {
            throw new IllegalStateException("the upper-casing model crashed");
        }
        return Map.of("text", request.input().text().toUpperCase(Locale.ROOT));
    }

    /** Like a batched model: inputs are checked one by one, then one forward pass serves them all. */
    @Override
    public List<Object> invokeBatch(List<InvokeRequest> requests) {
        batchSizes.add(requests.size());
        awaitGate();
        requests.forEach(UppercaseExpert::check);
        if (requests.stream().anyMatch(r -> r.input().text().contains("crash"))) {
            throw new IllegalStateException("one input crashed the forward pass of the whole batch");
        }
        List<Object> outputs = new ArrayList<>();
        for (InvokeRequest request : requests) {
            outputs.add(Map.of("text", request.input().text().toUpperCase(Locale.ROOT)));
        }
        return outputs;
    }

    @Override
    public String batchKey(InvokeRequest request) {
        if (request.input().text() != null && request.input().text().contains("unbatchable")) {
            throw new ProblemException(Problem.invalid("This expert cannot tell which batch 'unbatchable' belongs to",
                    List.of(new FieldError("input.text", "contains 'unbatchable'"))));
        }
        Object key = request.params().get("batchKey");
        return key != null ? key.toString() : Expert.super.batchKey(request);
    }

    private static void check(InvokeRequest request) {
        if (request.input().text().contains("reject")) {
            throw new ProblemException(Problem.invalid("This expert refuses to shout 'reject'",
                    List.of(new FieldError("input.text", "contains 'reject'"))));
        }
    }

    @Override
    public boolean ready() {
        return ready;
    }

    /** Pretends the model is (still) loading, or loaded. */
    public void setReady(boolean value) {
        ready = value;
    }

    /** Model calls block from now on until {@link #release()}. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    public void release() {
        gate.countDown();
    }

    public List<Integer> batchSizes() {
        return List.copyOf(batchSizes);
    }

    public void clearBatchSizes() {
        batchSizes.clear();
    }

    private void awaitGate() {
        try {
            if (!gate.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the gate");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
