package io.thalamus.diffusion.serving;

import java.util.LinkedHashMap;
import java.util.Map;

/** Bounded least-recently-used maps keyed by prompt text (not thread-safe: callers synchronise on the map). */
final class PromptCache {

    private PromptCache() {
    }

    static <V> Map<String, V> lru(int capacity) {
        return new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }
}
