package io.thalamus.expert.batching;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.runtime.configuration.MemorySize;
import io.thalamus.api.Json;
import io.thalamus.api.invoke.InvokeRequest;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.api.task.TaskId;
import io.thalamus.api.task.TaskInput;
import io.thalamus.expert.config.ExpertConfig;
import io.thalamus.expert.config.ExpertDescriptorFactory;
import io.thalamus.expert.load.LoadTracker;
import io.thalamus.expert.spi.Expert;
import io.thalamus.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The micro-batcher on its own, with the real batch runner around an upper-casing "model". Bounds on time are
 * generous: they only tell a request that was dispatched from one left waiting for a max-wait of an hour.
 */
class MicroBatcherTest {

    private static final TaskId UPPER = TaskId.of("upper");
    /** Longer than any test runs: a request still waiting after a few seconds was not dispatched by max-wait. */
    private static final String FOREVER = "1h";

    private final AtomicInteger ids = new AtomicInteger();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private RecordingRunner runner;
    private LoadTracker load;
    private MicroBatcher batcher;

    @AfterEach
    void stopBatcher() {
        if (batcher != null) {
            runner.release();
            batcher.stop();
        }
    }

    @Test
    void batchesNeverMixKeys() throws Exception {
        start(Map.of("thalamus.expert.batch.max-size", "4", "thalamus.expert.capacity.max-concurrency", "2"));
        runner.hold();
        List<PendingInvocation> calls = new ArrayList<>();
        try {
            for (int i = 0; i < 60; i++) {
                PendingInvocation call = call("k" + (i % 3), "text " + i, null);
                calls.add(call);
                batcher.submit(List.of(call));
            }
            // a multi-request submit of mixed keys is split by key too
            List<PendingInvocation> mixed = List.of(call("k0", "m0", null), call("k1", "m1", null),
                    call("k0", "m2", null));
            calls.addAll(mixed);
            batcher.submit(mixed);
        } finally {
            runner.release();
        }

        for (PendingInvocation call : calls) {
            assertThat(resultOf(call).succeeded()).isTrue();
        }
        assertThat(runner.batches()).allSatisfy(batch -> {
            assertThat(batch).hasSizeBetween(1, 4);
            assertThat(batch).extracting(PendingInvocation::batchKey).containsOnly(batch.get(0).batchKey());
        });
        assertThat(runner.batches().stream().mapToInt(List::size).sum()).isEqualTo(calls.size());
        assertThat(runner.batches()).anySatisfy(batch -> assertThat(batch).hasSize(4));
    }

    @Test
    void aFullKeyRunsAtOnceWhileAnotherKeyWaitsForMaxWait() throws Exception {
        start(Map.of("thalamus.expert.batch.max-size", "4", "thalamus.expert.batch.max-wait", FOREVER));
        List<PendingInvocation> partial = List.of(call("a", "a0", null), call("a", "a1", null), call("a", "a2", null));
        batcher.submit(partial);
        List<PendingInvocation> full = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            PendingInvocation call = call("b", "b" + i, null);
            full.add(call);
            batcher.submit(List.of(call));
        }

        for (PendingInvocation call : full) {
            assertThat(resultOf(call).succeeded()).isTrue();
        }
        assertThat(runner.batches()).containsExactly(full);
        assertThat(partial).noneMatch(call -> call.result().toCompletableFuture().isDone());

        // Stopping fails what still waits with the 'stopped' problem, as before keys existed.
        batcher.stop();
        for (PendingInvocation call : partial) {
            InvocationResult result = resultOf(call);
            assertThat(result.problem().is(ProblemType.NO_EXPERT)).isTrue();
            assertThat(result.problem().extensions()).containsEntry("reason", "stopped");
        }
        assertThat(load.queueDepth()).isZero();
        assertThat(runner.batches()).hasSize(1);
    }

    @Test
    void aLoneRequestOfARareKeyIsNotStarvedByAFloodedKey() throws Exception {
        start(Map.of("thalamus.expert.batch.max-size", "4", "thalamus.expert.batch.max-wait", "100ms",
                "thalamus.expert.queue.capacity", "64"));
        runner.slowDownEachBatch(Duration.ofMillis(2));
        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicInteger refused = new AtomicInteger();
        Thread flood = new Thread(() -> {
            while (flooding.get()) {
                try {
                    batcher.submit(List.of(call("hot", "h", null), call("hot", "h", null), call("hot", "h", null),
                            call("hot", "h", null)));
                } catch (ProblemException full) {
                    refused.incrementAndGet();
                    sleep(1);
                }
            }
        }, "flood");
        flood.start();
        try {
            Await.until("the hot key's full batches keep the model busy and the queue full",
                    () -> runner.batches().size() >= 20 && refused.get() > 0);

            PendingInvocation rare = call("rare", "lonely", null);
            submitWhenThereIsRoom(rare);

            InvocationResult result = rare.result().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(result.succeeded()).isTrue();
            assertThat(result.response().output().get("text").asText()).isEqualTo("LONELY");
            assertThat(runner.batches()).filteredOn(batch -> batch.contains(rare)).containsExactly(List.of(rare));
        } finally {
            flooding.set(false);
            flood.join();
        }
    }

    @Test
    void aDeadlineNearerThanMaxWaitClosesTheBatchEarly() throws Exception {
        // No model call ran yet, so the configured estimate of a model call's time counts.
        start(Map.of("thalamus.expert.batch.max-size", "8", "thalamus.expert.batch.max-wait", FOREVER,
                "thalamus.expert.batch.latency-estimate", "1s"));
        PendingInvocation patient = call("a", "no deadline", null);
        batcher.submit(List.of(patient));
        PendingInvocation urgent = call("a", "urgent", Instant.now().plusSeconds(3));
        batcher.submit(List.of(urgent));

        InvocationResult result = resultOf(urgent);
        assertThat(result.succeeded()).isTrue();
        assertThat(resultOf(patient).succeeded()).isTrue();
        // closed for the urgent request, and its key's earlier request rode along
        assertThat(runner.batches()).containsExactly(List.of(patient, urgent));
    }

    @Test
    void aRequestWhoseDeadlinePassedInTheQueueFailsWithoutReachingTheRunner() throws Exception {
        start(Map.of("thalamus.expert.batch.max-size", "4", "thalamus.expert.batch.max-wait", "10ms"));
        runner.hold();
        PendingInvocation holder;
        PendingInvocation late;
        PendingInvocation live;
        try {
            holder = call("a", "holder", null);
            batcher.submit(List.of(holder));
            Await.until("the holder occupies the only model worker", () -> runner.batches().size() == 1);
            Instant deadline = Instant.now().plusMillis(200);
            late = call("a", "late", deadline);
            live = call("a", "live", null);
            batcher.submit(List.of(late, live));
            Await.until("the late request's deadline has passed", () -> Instant.now().isAfter(deadline));
        } finally {
            runner.release();
        }
        // and one that had expired before it was even queued
        PendingInvocation stale = call("b", "stale", Instant.now().minusSeconds(1));
        batcher.submit(List.of(stale));

        for (PendingInvocation expired : List.of(late, stale)) {
            InvocationResult result = resultOf(expired);
            assertThat(result.succeeded()).isFalse();
            assertThat(result.problem().is(ProblemType.DEADLINE_EXCEEDED)).isTrue();
            assertThat(result.problem().status()).isEqualTo(504);
        }
        assertThat(resultOf(holder).succeeded()).isTrue();
        assertThat(resultOf(live).succeeded()).isTrue();
        assertThat(runner.batches()).containsExactly(List.of(holder), List.of(live));
        Await.until("the expert is idle", load::idle);
        assertThat(meters.counter("thalamus.expert.invocations", "task", "upper", "outcome", "expired").count())
                .isEqualTo(2.0);
        assertThat(load.report().errorRate()).isEqualTo(0.5);
    }

    @Test
    void theDefaultKeyBatchesAllRequestsInArrivalOrderAsBefore() throws Exception {
        start(Map.of("thalamus.expert.batch.max-size", "4", "thalamus.expert.batch.max-wait", "20ms"));
        runner.hold();
        PendingInvocation holder = new PendingInvocation(request("holder", null));
        List<PendingInvocation> queued = new ArrayList<>();
        try {
            batcher.submit(List.of(holder));
            Await.until("the holder occupies the only model worker", () -> runner.batches().size() == 1);
            for (int i = 0; i < 6; i++) {
                PendingInvocation call = new PendingInvocation(request("text " + i, null));
                queued.add(call);
                batcher.submit(List.of(call));
            }
        } finally {
            runner.release();
        }

        for (PendingInvocation call : queued) {
            assertThat(resultOf(call).succeeded()).isTrue();
        }
        assertThat(queued).extracting(PendingInvocation::batchKey).containsOnly(PendingInvocation.DEFAULT_KEY);
        assertThat(runner.batches()).containsExactly(List.of(holder), queued.subList(0, 4), queued.subList(4, 6));
    }

    @Test
    void theQueueCapacityBoundsAllKeysTogetherAndASubmitIsAllOrNothing() throws Exception {
        start(Map.of("thalamus.expert.batch.max-wait", FOREVER, "thalamus.expert.batch.max-size", "8",
                "thalamus.expert.queue.capacity", "4"));
        batcher.submit(List.of(call("a", "a0", null), call("b", "b0", null), call("c", "c0", null)));
        List<PendingInvocation> tooMany = List.of(call("d", "d0", null), call("a", "a1", null));

        try {
            batcher.submit(tooMany);
            throw new AssertionError("a submit beyond the queue's capacity was admitted");
        } catch (ProblemException e) {
            assertThat(e.problem().is(ProblemType.NO_EXPERT)).isTrue();
            assertThat(e.problem().extensions()).containsEntry("reason", "queue-full");
        }
        assertThat(load.queueDepth()).isEqualTo(3);
        batcher.submit(List.of(tooMany.get(0)));
        assertThat(load.queueDepth()).isEqualTo(4);
    }

    private void start(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(Map.of(
                "thalamus.expert.id", "upper-test",
                "thalamus.expert.model-id", "upper-case-v1",
                "thalamus.expert.tasks", "upper",
                "thalamus.expert.capacity.max-concurrency", "1"));
        values.putAll(overrides);
        ExpertConfig config = StandaloneBatcher.config(values);
        ExpertDescriptorFactory descriptors = new ExpertDescriptorFactory(config);
        load = new LoadTracker(config, meters);
        runner = new RecordingRunner(new UpperCasing(), descriptors, load);
        batcher = new MicroBatcher(runner, load, config, descriptors);
        batcher.start(null);
    }

    /** Queues the call, retrying while the queue is full, as a caller refused with 503 would. */
    private void submitWhenThereIsRoom(PendingInvocation call) {
        long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                batcher.submit(List.of(call));
                return;
            } catch (ProblemException full) {
                if (System.nanoTime() > giveUpAt) {
                    throw full;
                }
                Thread.onSpinWait();
            }
        }
    }

    private PendingInvocation call(String key, String text, Instant deadline) {
        return new PendingInvocation(request(text, deadline), key);
    }

    private InvokeRequest request(String text, Instant deadline) {
        return new InvokeRequest("r-" + ids.incrementAndGet(), "acme", UPPER, TaskInput.text(text), Map.of(), deadline);
    }

    private static InvocationResult resultOf(PendingInvocation call) throws Exception {
        return call.result().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The expert: upper-cases each text, one model call per batch. */
    private static final class UpperCasing implements Expert {
        @Override
        public Object invoke(InvokeRequest request) {
            return Map.of("text", request.input().text().toUpperCase(Locale.ROOT));
        }
    }

    /**
     * The real batch runner, recording every batch it gets in order; it can be held at a gate (so that requests
     * pile up in the batcher) and slowed down like a model that takes time.
     */
    private static final class RecordingRunner extends BatchRunner {

        private final List<List<PendingInvocation>> batches = new CopyOnWriteArrayList<>();
        private volatile CountDownLatch gate = new CountDownLatch(0);
        private volatile long delayMillis;

        RecordingRunner(Expert expert, ExpertDescriptorFactory descriptors, LoadTracker load) {
            super(expert, descriptors, Json.newMapper(), load, OpenTelemetry.noop().getTracer("micro-batcher-test"));
        }

        @Override
        void run(List<PendingInvocation> batch) {
            batches.add(List.copyOf(batch));
            try {
                if (!gate.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the gate");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (delayMillis > 0) {
                sleep(delayMillis);
            }
            super.run(batch);
        }

        void hold() {
            gate = new CountDownLatch(1);
        }

        void release() {
            gate.countDown();
        }

        void slowDownEachBatch(Duration delay) {
            delayMillis = delay.toMillis();
        }

        List<List<PendingInvocation>> batches() {
            return List.copyOf(batches);
        }
    }
}
