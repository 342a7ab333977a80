package io.thalamus.router.health;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls this router has in progress per expert. Heartbeats report an expert's load every few seconds; this count is
 * current, so selection uses the larger of the two.
 */
@ApplicationScoped
public class InFlightCalls {

    private final Map<String, AtomicInteger> byExpert = new ConcurrentHashMap<>();

    public void started(String expertId) {
        byExpert.computeIfAbsent(expertId, id -> new AtomicInteger()).incrementAndGet();
    }

    public void finished(String expertId) {
        AtomicInteger count = byExpert.get(expertId);
        if (count != null) {
            count.updateAndGet(n -> Math.max(0, n - 1));
        }
    }

    public int of(String expertId) {
        AtomicInteger count = byExpert.get(expertId);
        return count == null ? 0 : count.get();
    }
}
