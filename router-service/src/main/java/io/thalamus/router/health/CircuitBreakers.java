package io.thalamus.router.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** One {@link CircuitBreaker} per expert, created on first use (per router replica). */
@ApplicationScoped
public class CircuitBreakers {

    private final Map<String, CircuitBreaker> byExpert = new ConcurrentHashMap<>();
    private final BreakerSettings settings;
    private final LongSupplier nanoClock;

    @Inject
    public CircuitBreakers(HealthConfig config) {
        this(BreakerSettings.of(config.breaker()), System::nanoTime);
    }

    public CircuitBreakers(BreakerSettings settings, LongSupplier nanoClock) {
        this.settings = settings;
        this.nanoClock = nanoClock;
    }

    public CircuitBreaker of(String expertId) {
        return byExpert.computeIfAbsent(expertId, id -> new CircuitBreaker(settings, nanoClock));
    }
}
