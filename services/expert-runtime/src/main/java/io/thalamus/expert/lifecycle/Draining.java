package io.thalamus.expert.lifecycle;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.thalamus.expert.batching.MicroBatcher;
import io.thalamus.expert.config.ExpertConfig;
import io.thalamus.expert.load.LoadTracker;
import io.thalamus.expert.registration.SelfRegistration;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Graceful stop: deregister (the registry moves the expert to DRAINING and the router stops sending work), refuse
 * new work with 503, and wait until queued and running requests are done or {@code thalamus.expert.drain-timeout}
 * passes.
 *
 * <p>Draining starts at the shutdown delay when {@code quarkus.shutdown.delay-enabled} is on (the registry then
 * learns of it before the HTTP server stops taking requests), otherwise at the shutdown event. Quarkus gives
 * in-flight HTTP requests at most {@code quarkus.shutdown.timeout}, which must therefore be at least the drain
 * timeout; a shorter one is reported at start-up.
 */
@ApplicationScoped
public class Draining {

    private static final Logger LOG = Logger.getLogger(Draining.class);
    private static final long POLL_MILLIS = 20;

    private final MicroBatcher batcher;
    private final LoadTracker load;
    private final SelfRegistration registration;
    private final Duration drainTimeout;
    private final Config rawConfig;
    private final AtomicBoolean begun = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();

    public Draining(MicroBatcher batcher, LoadTracker load, SelfRegistration registration, ExpertConfig config,
                    Config rawConfig) {
        this.batcher = batcher;
        this.load = load;
        this.registration = registration;
        this.drainTimeout = config.drainTimeout();
        this.rawConfig = rawConfig;
    }

    void checkShutdownTimeout(@Observes StartupEvent event) {
        Optional<Duration> shutdownTimeout = rawConfig.getOptionalValue("quarkus.shutdown.timeout", Duration.class);
        if (shutdownTimeout.isEmpty() || shutdownTimeout.get().compareTo(drainTimeout) < 0) {
            LOG.warnf("quarkus.shutdown.timeout (%s) is shorter than thalamus.expert.drain-timeout (%s): "
                            + "Quarkus may cut off requests that are still draining",
                    shutdownTimeout.map(Duration::toString).orElse("not set"), drainTimeout);
        }
    }

    void onShutdownDelay(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownDelayInitiatedEvent event) {
        begin();
    }

    void onShutdown(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        drain();
    }

    /** Deregisters and stops taking new work; returns at once. Idempotent. */
    public void begin() {
        if (begun.compareAndSet(false, true)) {
            batcher.stopAccepting();
            registration.beginDraining();
        }
    }

    /**
     * Begins draining if needed, then waits until no request is queued or running, or the drain timeout passes.
     * Idempotent.
     *
     * @return whether all accepted work finished in time
     */
    public boolean drain() {
        begin();
        if (finished.get()) {
            return load.idle();
        }
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        boolean idle = load.idle();
        while (!idle && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            idle = load.idle();
        }
        if (!idle) {
            LOG.warnf("Drain timeout %s passed with %d request(s) queued and %d running", drainTimeout,
                    load.queueDepth(), load.inFlight());
        }
        if (finished.compareAndSet(false, true)) {
            registration.finishDraining();
        }
        return idle;
    }

    public boolean draining() {
        return begun.get();
    }
}
