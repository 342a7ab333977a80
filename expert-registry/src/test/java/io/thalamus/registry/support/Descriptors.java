package io.thalamus.registry.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Registration bodies for tests, as the JSON an expert sends. */
public final class Descriptors {

    /** An endpoint nothing listens on: readiness probes fail, so only heartbeats make such an expert READY. */
    public static final String UNREACHABLE = "http://127.0.0.1:1";

    private Descriptors() {
    }

    public static Map<String, Object> descriptor(String id, String endpoint, String... tasks) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("modelId", "model-" + id);
        body.put("tasks", List.of(tasks));
        body.put("inputModalities", List.of("text"));
        body.put("outputModalities", List.of("text"));
        body.put("endpoint", endpoint);
        body.put("protocol", "thalamus-v1");
        body.put("cost", Map.of("creditsPerRequest", 0.01, "creditsPerGpuSecond", 0.2));
        body.put("quality", Map.of(tasks[0], Map.of("score", 0.7, "source", "test fixture")));
        body.put("latency", Map.of("p50Ms", 20, "p95Ms", 80));
        body.put("capacity", Map.of("maxConcurrency", 2, "maxBatch", 8));
        body.put("node", Map.of("gpuModel", "L4", "gpuMemoryMb", 24576, "zone", "zone-a",
                "labels", Map.of("pool", "test")));
        return body;
    }

    /** A copy with one top-level field replaced. */
    public static Map<String, Object> with(Map<String, Object> descriptor, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(descriptor);
        copy.put(field, value);
        return copy;
    }
}
