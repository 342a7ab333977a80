package io.thalamus.router.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The latency this router observed per expert, as a moving average of its calls (per router replica). */
@ApplicationScoped
public class ObservedLatency {

    /** An average and how many calls it is made of. */
    public record Estimate(double averageMs, long samples) {
    }

    private final Map<String, Ewma> byExpert = new ConcurrentHashMap<>();
    private final double alpha;

    @Inject
    public ObservedLatency(HealthConfig config) {
        this(config.latencyEwmaWeight());
    }

    public ObservedLatency(double alpha) {
        new Ewma(alpha); // fail fast on a bad weight
        this.alpha = alpha;
    }

    public void record(String expertId, double millis) {
        byExpert.computeIfAbsent(expertId, id -> new Ewma(alpha)).add(millis);
    }

    public Optional<Estimate> of(String expertId) {
        Ewma ewma = byExpert.get(expertId);
        if (ewma == null || ewma.samples() == 0) {
            return Optional.empty();
        }
        return Optional.of(new Estimate(ewma.average(), ewma.samples()));
    }
}
