package io.thalamus.expert.batching;

import io.quarkus.runtime.StartupEvent;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.expert.config.ExpertConfig;
import io.thalamus.expert.config.ExpertDescriptorFactory;
import io.thalamus.expert.load.LoadTracker;
import io.thalamus.expert.load.Outcome;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Collects single requests into batches for the model. Each batch key
 * ({@link io.thalamus.expert.spi.Expert#batchKey}) has its own FIFO queue, and a batch only ever holds requests of
 * one key; all queues together hold at most {@code queue.capacity} requests, beyond which new requests are refused
 * with 503.
 *
 * <p>A dispatcher thread waits for one of {@code capacity.max-concurrency} model workers to be free, then for a key
 * to be ready, and hands that key's oldest requests (at most {@code batch.max-size}) to the worker. A key is ready
 * <ul>
 *   <li>at once when {@code batch.max-size} of its requests wait;</li>
 *   <li>otherwise {@code batch.max-wait} after the admission of its oldest request, so that requests that queued
 *       while every worker was busy are batched at once instead of waiting again;</li>
 *   <li>or earlier, when a waiting request's deadline is nearer than that plus the time a model call takes: the
 *       95th percentile wall time of recent model calls ({@link LoadTracker#recentBatchNanos()}), or
 *       {@code batch.latency-estimate} while there are none.</li>
 * </ul>
 * Among ready keys the one whose oldest request has waited longest goes first, so a busy key whose batches are
 * always full cannot starve a rare one: the rare key's request waits at most for the requests admitted before it.
 * Requests whose deadline has passed when their batch is formed never reach the model; they fail with
 * {@code deadline-exceeded} and count as expired.
 */
@ApplicationScoped
public class MicroBatcher {

    private static final Logger LOG = Logger.getLogger(MicroBatcher.class);
    /** How often an idle dispatcher looks up to check whether it should stop. */
    private static final long IDLE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** Latency estimates beyond this are taken as this (keeps the nanosecond arithmetic safe). */
    private static final long LONGEST_ESTIMATE_NANOS = Duration.ofDays(1).toNanos();

    private final BatchRunner runner;
    private final LoadTracker load;
    private final int maxSize;
    private final long maxWaitNanos;
    private final long latencyEstimateNanos;
    private final int queueCapacity;
    private final Semaphore workerPermits;
    private final ExecutorService workers;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when requests are queued. */
    private final Condition queuedMore = lock.newCondition();
    /** Waiting requests per batch key, oldest first; keys without waiting requests are removed. Guarded by lock. */
    private final Map<String, ArrayDeque<PendingInvocation>> queues = new LinkedHashMap<>();
    /** Requests in all queues. Guarded by lock. */
    private int waiting;
    private volatile boolean accepting = true;
    private volatile boolean running = true;
    private Thread dispatcher;

    public MicroBatcher(BatchRunner runner, LoadTracker load, ExpertConfig config, ExpertDescriptorFactory descriptors) {
        this.runner = runner;
        this.load = load;
        this.maxSize = descriptors.batchSize();
        this.maxWaitNanos = config.batch().maxWait().toNanos();
        this.latencyEstimateNanos = Math.min(LONGEST_ESTIMATE_NANOS, config.batch().latencyEstimate()
                .orElse(Duration.ofMillis(config.latency().p95Ms())).toNanos());
        this.queueCapacity = config.queue().capacity();
        int concurrency = config.capacity().maxConcurrency();
        this.workerPermits = new Semaphore(concurrency);
        this.workers = Executors.newFixedThreadPool(concurrency, named("thalamus-expert-model-"));
    }

    void start(@Observes StartupEvent event) {
        dispatcher = named("thalamus-expert-batcher").newThread(this::dispatch);
        dispatcher.start();
    }

    /**
     * Queues all of the given requests, each under its {@link PendingInvocation#batchKey()}, or none of them:
     * refuses with a 503 problem when they do not all fit or the expert is draining.
     */
    public void submit(List<PendingInvocation> calls) {
        lock.lock();
        try {
            if (!accepting) {
                throw new ProblemException(Problem.of(ProblemType.NO_EXPERT,
                        "This expert is shutting down and takes no new work; send the request to another expert")
                        .with("reason", "draining"));
            }
            if (queueCapacity - waiting < calls.size()) {
                throw new ProblemException(Problem.of(ProblemType.NO_EXPERT,
                        "The expert's queue is full (" + waiting + " of " + queueCapacity
                                + " waiting); retry later or send the request to another expert")
                        .with("reason", "queue-full"));
            }
            load.admitted(calls.size());
            for (PendingInvocation call : calls) {
                queues.computeIfAbsent(call.batchKey(), key -> new ArrayDeque<>()).addLast(call);
            }
            waiting += calls.size();
            queuedMore.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Refuses new work from now on; queued and running requests still complete. */
    public void stopAccepting() {
        lock.lock();
        try {
            accepting = false;
        } finally {
            lock.unlock();
        }
    }

    public boolean accepting() {
        return accepting;
    }

    private void dispatch() {
        while (running) {
            try {
                workerPermits.acquire();
                List<PendingInvocation> batch = nextBatch();
                if (batch.isEmpty()) {
                    workerPermits.release();
                    continue;
                }
                load.started(batch.size());
                try {
                    workers.execute(() -> {
                        try {
                            runner.run(batch);
                        } finally {
                            workerPermits.release();
                        }
                    });
                } catch (RejectedExecutionException e) {
                    workerPermits.release();
                    for (PendingInvocation call : batch) {
                        load.finished(call.task(), Outcome.REJECTED, System.nanoTime() - call.admittedAtNanos());
                    }
                    failStopped(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("The batch dispatcher failed; it keeps going", e);
            }
        }
    }

    /**
     * Waits until a key is ready and takes its batch; empty when nothing was ready for a while (so that the caller
     * can check whether to stop) or when every request taken had expired.
     */
    private List<PendingInvocation> nextBatch() throws InterruptedException {
        List<PendingInvocation> batch;
        List<PendingInvocation> expired = new ArrayList<>();
        lock.lockInterruptibly();
        try {
            long giveUpAt = System.nanoTime() + IDLE_CHECK_NANOS;
            while (true) {
                long now = System.nanoTime();
                long estimate = Math.min(LONGEST_ESTIMATE_NANOS, load.recentBatchNanos().orElse(latencyEstimateNanos));
                String key = null;
                long keySince = 0;
                long nextReadyIn = Long.MAX_VALUE;
                for (Map.Entry<String, ArrayDeque<PendingInvocation>> entry : queues.entrySet()) {
                    long readyIn = readyIn(entry.getValue(), now, estimate);
                    long since = entry.getValue().peekFirst().admittedAtNanos();
                    if (readyIn > 0) {
                        nextReadyIn = Math.min(nextReadyIn, readyIn);
                    } else if (key == null || since - keySince < 0) {
                        key = entry.getKey();
                        keySince = since;
                    }
                }
                if (key != null) {
                    batch = take(key, expired);
                    break;
                }
                long wait = Math.min(nextReadyIn, giveUpAt - now);
                if (wait <= 0) {
                    return List.of();
                }
                queuedMore.awaitNanos(wait);
            }
        } finally {
            lock.unlock();
        }
        failExpired(expired);
        return batch;
    }

    /** Nanoseconds until the key with this queue is ready; zero or less when it is ready now. */
    private long readyIn(ArrayDeque<PendingInvocation> queue, long now, long estimate) {
        if (queue.size() >= maxSize) {
            return 0;
        }
        long readyIn = queue.peekFirst().admittedAtNanos() + maxWaitNanos - now;
        // Not full, so every waiting request of the key goes into its next batch: the nearest deadline counts.
        for (PendingInvocation call : queue) {
            long untilDeadline = call.nanosUntilDeadline(now);
            if (untilDeadline != Long.MAX_VALUE) {
                readyIn = Math.min(readyIn, untilDeadline - estimate);
            }
        }
        return readyIn;
    }

    /** Takes up to max-size live requests of the key, oldest first; those whose deadline passed go to expired. */
    private List<PendingInvocation> take(String key, List<PendingInvocation> expired) {
        ArrayDeque<PendingInvocation> queue = queues.get(key);
        List<PendingInvocation> batch = new ArrayList<>(Math.min(maxSize, queue.size()));
        Instant now = Instant.now();
        while (batch.size() < maxSize && !queue.isEmpty()) {
            PendingInvocation call = queue.pollFirst();
            waiting--;
            if (call.expired(now)) {
                expired.add(call);
            } else {
                batch.add(call);
            }
        }
        if (queue.isEmpty()) {
            queues.remove(key);
        }
        return batch;
    }

    private void failExpired(List<PendingInvocation> expired) {
        for (PendingInvocation call : expired) {
            load.expiredInQueue(call.task(), System.nanoTime() - call.admittedAtNanos());
            call.complete(InvocationResult.failed(Problem.of(ProblemType.DEADLINE_EXCEEDED,
                    "The deadline " + call.request().deadline() + " passed while the request waited in the queue")));
        }
    }

    @PreDestroy
    void stop() {
        stopAccepting();
        running = false;
        if (dispatcher != null) {
            dispatcher.interrupt();
            try {
                dispatcher.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
        List<PendingInvocation> left = new ArrayList<>();
        lock.lock();
        try {
            queues.values().forEach(left::addAll);
            queues.clear();
            waiting = 0;
        } finally {
            lock.unlock();
        }
        if (!left.isEmpty()) {
            load.abandoned(left.size());
            failStopped(left);
        }
    }

    private void failStopped(List<PendingInvocation> calls) {
        for (PendingInvocation call : calls) {
            call.complete(InvocationResult.failed(Problem.of(ProblemType.NO_EXPERT,
                    "The expert stopped before it got to this request; send it to another expert")
                    .with("reason", "stopped")));
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix.endsWith("-") ? prefix + counter.incrementAndGet() : prefix);
            thread.setDaemon(true);
            return thread;
        };
    }
}
