package io.thalamus.diffusion.eval;

import io.thalamus.api.invoke.InvokeRequest;
import io.thalamus.expert.spi.Expert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A serving plan as an expert of the runtime, so that the runtime's own batcher forms its batches: the batch key
 * is the plan's key, and a batch runs as one sampling pass on the key's sub-network. Generated images are kept
 * by request id for whoever measures their quality; the output names the key that served the request. Each image
 * starts from noise seeded by its request id, so plans are compared on the same starting noise.
 */
public final class PlanExpert implements Expert {

    /** What the plan answers for one request. */
    public record Served(String key) {
    }

    private final ServingPlan plan;
    private final ImageGenerator generator;
    private final long seed;
    private final Map<String, float[]> images = new ConcurrentHashMap<>();

    public PlanExpert(ServingPlan plan, ImageGenerator generator, long seed) {
        this.plan = plan;
        this.generator = generator;
        this.seed = seed;
    }

    @Override
    public String batchKey(InvokeRequest request) {
        return plan.key(request.input().text());
    }

    @Override
    public Object invoke(InvokeRequest request) {
        return invokeBatch(List.of(request)).get(0);
    }

    @Override
    public List<Object> invokeBatch(List<InvokeRequest> requests) {
        String key = batchKey(requests.get(0));
        List<String> texts = new ArrayList<>(requests.size());
        long[] seeds = new long[requests.size()];
        for (int i = 0; i < requests.size(); i++) {
            texts.add(requests.get(i).input().text());
            seeds[i] = seed + requests.get(i).requestId().hashCode();
        }
        float[] generated = generator.generate(plan.network(key), texts, seeds);
        int size = generator.imageSize();
        int pixels = 3 * size * size;
        List<Object> outputs = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            float[] image = new float[pixels];
            System.arraycopy(generated, i * pixels, image, 0, pixels);
            images.put(requests.get(i).requestId(), image);
            outputs.add(new Served(key));
        }
        return outputs;
    }

    /** The image generated for a request, planes in [0, 1]. */
    public float[] image(String requestId) {
        return images.get(requestId);
    }
}
