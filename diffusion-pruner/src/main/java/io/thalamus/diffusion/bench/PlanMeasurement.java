package io.thalamus.diffusion.bench;

import io.thalamus.api.invoke.InvokeRequest;
import io.thalamus.api.task.TaskId;
import io.thalamus.api.task.TaskInput;
import io.thalamus.diffusion.data.PromptedImage;
import io.thalamus.diffusion.eval.ImageGenerator;
import io.thalamus.diffusion.eval.PlanExpert;
import io.thalamus.diffusion.eval.ServingPlan;
import io.thalamus.diffusion.model.MacCounter;
import io.thalamus.expert.batching.InvocationResult;
import io.thalamus.expert.batching.StandaloneBatcher;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Serves a stream of prompts through one plan behind the expert runtime's own batcher (one model worker, batches
 * of at most the plan's size, closed after {@code maxWaitMillis}) at an offered load: arrivals at exponential
 * gaps of mean 1/rate, the same trace for every plan. Measures throughput, latency from arrival to answer, and
 * the MACs each prompt ran with; keeps the images for the quality measurement.
 */
final class PlanMeasurement {

    /** What one plan achieved. */
    record Result(String plan, double throughput, double p50Millis, double p99Millis, double averageMacs,
                  List<float[]> images, List<String> keys) {
    }

    private PlanMeasurement() {
    }

    static Result run(ServingPlan plan, ImageGenerator generator, MacCounter counter, List<PromptedImage> prompts,
                      double rate, long maxWaitMillis, long seed) throws Exception {
        PlanExpert expert = new PlanExpert(plan, generator, seed);
        // every sub-network the plan uses, except per-prompt ones, is sliced before the clock starts
        if (plan.maxBatch() > 1) {
            for (PromptedImage prompt : prompts) {
                generator.generate(plan.network(plan.key(prompt.prompt())), List.of(prompt.prompt()), new long[] {0});
            }
        }
        Map<String, String> properties = new HashMap<>(Map.of(
                "thalamus.expert.id", "bench-" + plan.name(),
                "thalamus.expert.model-id", "diffusion-" + plan.name(),
                "thalamus.expert.tasks", TaskId.TEXT_TO_IMAGE.value(),
                "thalamus.expert.capacity.max-concurrency", "1",
                "thalamus.expert.capacity.max-batch", Integer.toString(plan.maxBatch()),
                "thalamus.expert.batch.max-wait", maxWaitMillis + "ms",
                "thalamus.expert.queue.capacity", Integer.toString(prompts.size() + 1)));
        long[] arrivals = arrivals(prompts.size(), rate, seed);
        long[] finished = new long[prompts.size()];
        List<CompletableFuture<InvocationResult>> results = new ArrayList<>();
        try (StandaloneBatcher batcher = StandaloneBatcher.start(expert, properties)) {
            long start = System.nanoTime();
            for (int i = 0; i < prompts.size(); i++) {
                long wait = start + arrivals[i] - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                int index = i;
                InvokeRequest request = new InvokeRequest("bench-" + i, "bench", TaskId.TEXT_TO_IMAGE,
                        TaskInput.text(prompts.get(i).prompt()), Map.of(), Instant.now().plus(1, ChronoUnit.HOURS));
                results.add(batcher.submit(request).toCompletableFuture().whenComplete((result, error) ->
                        finished[index] = System.nanoTime() - start));
            }
            CompletableFuture.allOf(results.toArray(new CompletableFuture[0])).get(2, TimeUnit.HOURS);
        }
        double[] latencies = new double[prompts.size()];
        long last = 0;
        List<float[]> images = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        double macs = 0;
        for (int i = 0; i < prompts.size(); i++) {
            InvocationResult result = results.get(i).get();
            if (!result.succeeded()) {
                throw new IllegalStateException(plan.name() + " failed on prompt " + i + ": " + result.problem());
            }
            latencies[i] = (finished[i] - arrivals[i]) / 1e6;
            last = Math.max(last, finished[i]);
            images.add(expert.image("bench-" + i));
            String key = result.response().output().get("key").asText();
            keys.add(key);
            macs += counter.ratio(plan.network(key));
        }
        Arrays.sort(latencies);
        double throughput = prompts.size() / ((last - arrivals[0]) / 1e9);
        return new Result(plan.name(), throughput, percentile(latencies, 0.50), percentile(latencies, 0.99),
                macs / prompts.size(), images, keys);
    }

    /** Arrival offsets in nanoseconds: exponential gaps of mean 1/rate seconds. */
    private static long[] arrivals(int count, double rate, long seed) {
        Random random = new Random(seed);
        long[] offsets = new long[count];
        double time = 0;
        for (int i = 0; i < count; i++) {
            offsets[i] = (long) (time * 1e9);
            time += -Math.log(1 - random.nextDouble()) / rate;
        }
        return offsets;
    }

    private static double percentile(double[] sorted, double share) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(share * sorted.length) - 1)];
    }
}
