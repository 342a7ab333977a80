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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Collects single requests into batches for the model. A dispatcher thread takes the oldest waiting request, adds
 * whatever else arrives within {@code batch.max-wait} of its admission (at most {@code batch.max-size} requests)
 * and hands the batch to one of {@code capacity.max-concurrency} worker threads. While every worker is busy,
 * requests accumulate in a bounded queue; when it is full, new requests are refused with 503.
 */
@ApplicationScoped
public class MicroBatcher {

    private static final Logger LOG = Logger.getLogger(MicroBatcher.class);

    private final BatchRunner runner;
    private final LoadTracker load;
    private final int maxSize;
    private final long maxWaitNanos;
    private final int queueCapacity;
    private final BlockingQueue<PendingInvocation> queue;
    private final Semaphore workerPermits;
    private final ExecutorService workers;
    private final Object admission = new Object();
    private volatile boolean accepting = true;
    private volatile boolean running = true;
    private Thread dispatcher;

    public MicroBatcher(BatchRunner runner, LoadTracker load, ExpertConfig config, ExpertDescriptorFactory descriptors) {
        this.runner = runner;
        this.load = load;
        this.maxSize = descriptors.batchSize();
        this.maxWaitNanos = config.batch().maxWait().toNanos();
        this.queueCapacity = config.queue().capacity();
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        int concurrency = config.capacity().maxConcurrency();
        this.workerPermits = new Semaphore(concurrency);
        this.workers = Executors.newFixedThreadPool(concurrency, named("thalamus-expert-model-"));
    }

    void start(@Observes StartupEvent event) {
        dispatcher = named("thalamus-expert-batcher").newThread(this::dispatch);
        dispatcher.start();
    }

    /**
     * Queues all of the given requests, or none of them: refuses with a 503 problem when they do not all fit or
     * the expert is draining.
     */
    public void submit(List<PendingInvocation> calls) {
        synchronized (admission) {
            if (!accepting) {
                throw new ProblemException(Problem.of(ProblemType.NO_EXPERT,
                        "This expert is shutting down and takes no new work; send the request to another expert")
                        .with("reason", "draining"));
            }
            // Only this block adds to the queue, so the free space can only grow until the offers below.
            if (queue.remainingCapacity() < calls.size()) {
                throw new ProblemException(Problem.of(ProblemType.NO_EXPERT,
                        "The expert's queue is full (" + queue.size() + " of " + queueCapacity
                                + " waiting); retry later or send the request to another expert")
                        .with("reason", "queue-full"));
            }
            load.admitted(calls.size());
            for (PendingInvocation call : calls) {
                queue.add(call);
            }
        }
    }

    /** Refuses new work from now on; queued and running requests still complete. */
    public void stopAccepting() {
        synchronized (admission) {
            accepting = false;
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

    private List<PendingInvocation> nextBatch() throws InterruptedException {
        PendingInvocation first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
            return List.of();
        }
        List<PendingInvocation> batch = new ArrayList<>(maxSize);
        batch.add(first);
        // The wait counts from the first request's admission: requests that queued while every worker was busy
        // are batched at once instead of waiting again.
        long closesAt = first.admittedAtNanos() + maxWaitNanos;
        while (batch.size() < maxSize) {
            long remaining = closesAt - System.nanoTime();
            PendingInvocation next;
            try {
                next = remaining > 0 ? queue.poll(remaining, TimeUnit.NANOSECONDS) : queue.poll();
            } catch (InterruptedException e) {
                // Stopping: hand over what was collected rather than lose it.
                Thread.currentThread().interrupt();
                break;
            }
            if (next == null) {
                break;
            }
            batch.add(next);
        }
        return batch;
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
        queue.drainTo(left);
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
