package io.thalamus.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Bounded maps that forget the least recently used entry first: caches of encoded texts, routed prompts and
 * loaded networks. Not thread-safe: callers synchronise on the map.
 */
public final class LeastRecentlyUsed {

    private LeastRecentlyUsed() {
    }

    public static <K, V> Map<K, V> map(int capacity) {
        return map(capacity, value -> {
        });
    }

    /** @param onEvict called with each value the map forgets (e.g. to close it) */
    public static <K, V> Map<K, V> map(int capacity, Consumer<V> onEvict) {
        return new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                if (size() > capacity) {
                    onEvict.accept(eldest.getValue());
                    return true;
                }
                return false;
            }
        };
    }
}
