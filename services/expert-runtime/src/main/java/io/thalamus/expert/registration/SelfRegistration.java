package io.thalamus.expert.registration;

import io.quarkus.runtime.StartupEvent;
import io.thalamus.api.expert.ExpertDescriptor;
import io.thalamus.api.registry.RegisteredExpert;
import io.thalamus.expert.config.ExpertConfig;
import io.thalamus.expert.config.ExpertDescriptorFactory;
import io.thalamus.expert.load.LoadTracker;
import io.thalamus.expert.spi.Expert;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keeps this expert registered: registers once the model is ready (retrying with exponential backoff while the
 * registry is unreachable), then sends a heartbeat with the current load every interval, and registers again when
 * the registry answers a heartbeat with 404. On shutdown it deregisters, keeps reporting load while accepted work
 * drains, and sends a last heartbeat once idle.
 *
 * <p>All registry calls and state changes happen on one dedicated thread, so start-up never waits for the registry.
 */
@ApplicationScoped
public class SelfRegistration {

    private static final Logger LOG = Logger.getLogger(SelfRegistration.class);

    private final RegistryClient client;
    private final ExpertDescriptor descriptor;
    private final LoadTracker load;
    private final Expert expert;
    private final ExpertConfig.Registry config;
    private final Backoff backoff;
    private final ScheduledExecutorService thread;
    private final boolean enabled;

    private volatile RegistrationState state = RegistrationState.DISABLED;
    private volatile String lastProblem;
    private volatile Instant lastHeartbeat;
    private volatile RegisteredExpert registration;
    private boolean everRegistered;
    private int failedAttempts;
    private ScheduledFuture<?> heartbeats;

    public SelfRegistration(RegistryClient client, ExpertDescriptorFactory descriptors, LoadTracker load, Expert expert,
                            ExpertConfig config) {
        this.client = client;
        this.descriptor = descriptors.descriptor();
        this.load = load;
        this.expert = expert;
        this.config = config.registry();
        this.backoff = new Backoff(this.config.retry().initialBackoff(), this.config.retry().maxBackoff());
        this.enabled = this.config.enabled() && this.config.url().isPresent();
        this.thread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "thalamus-expert-registration");
            t.setDaemon(true);
            return t;
        });
    }

    void start(@Observes StartupEvent event) {
        if (!enabled) {
            LOG.infof("Expert %s does not register: %s", descriptor.id(), config.url().isEmpty()
                    ? "thalamus.expert.registry.url is not set" : "thalamus.expert.registry.enabled=false");
            return;
        }
        state = RegistrationState.REGISTERING;
        thread.execute(this::attemptRegistration);
    }

    public RegistrationState state() {
        return state;
    }

    /** What went wrong with the last registry call, or null when it succeeded. */
    public String lastProblem() {
        return lastProblem;
    }

    public Instant lastHeartbeat() {
        return lastHeartbeat;
    }

    /** The registration as the registry last returned it, if it returned one. */
    public RegisteredExpert registration() {
        return registration;
    }

    /** Deregisters (the registry moves the expert to DRAINING) and waits at most the registry timeouts for it. */
    public void beginDraining() {
        runAndWait(() -> {
            if (state == RegistrationState.REGISTERED || state == RegistrationState.REGISTERING && everRegistered) {
                RegistryReply reply = client.deregister(descriptor.id());
                if (reply.succeeded() || reply.notFound()) {
                    LOG.infof("Deregistered expert %s; draining accepted work", descriptor.id());
                    lastProblem = null;
                } else {
                    LOG.warnf("Deregistering expert %s failed: %s; its lease will expire", descriptor.id(), reply.describe());
                    lastProblem = "deregistration: " + reply.describe();
                }
                state = RegistrationState.DRAINING;
                if (heartbeats == null) {
                    scheduleHeartbeats();
                }
            } else if (state != RegistrationState.DISABLED) {
                state = RegistrationState.STOPPED;
            }
        });
    }

    /** Sends a last heartbeat with the final load and stops talking to the registry. */
    public void finishDraining() {
        runAndWait(() -> {
            if (state == RegistrationState.DRAINING) {
                sendHeartbeat();
            }
            if (heartbeats != null) {
                heartbeats.cancel(false);
                heartbeats = null;
            }
            if (state != RegistrationState.DISABLED) {
                state = RegistrationState.STOPPED;
            }
        });
    }

    @PreDestroy
    void stop() {
        thread.shutdownNow();
    }

    private void attemptRegistration() {
        if (state != RegistrationState.REGISTERING) {
            return;
        }
        if (!expert.ready()) {
            lastProblem = "waiting for the model to be ready";
            thread.schedule(this::attemptRegistration, config.retry().initialBackoff().toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        RegistryReply reply = client.register(descriptor);
        if (reply.succeeded()) {
            state = RegistrationState.REGISTERED;
            everRegistered = true;
            registration = reply.expert();
            lastProblem = null;
            LOG.infof("Registered expert %s at %s%s", descriptor.id(), client.url().orElseThrow(),
                    failedAttempts == 0 ? "" : " after " + failedAttempts + " failed attempt(s)");
            failedAttempts = 0;
            backoff.reset();
            scheduleHeartbeats();
            return;
        }
        failedAttempts++;
        Duration wait = backoff.next();
        lastProblem = "registration: " + reply.describe();
        String message = "Registering expert %s at %s failed: %s; retrying in %d ms";
        if (failedAttempts == 1 || failedAttempts % 20 == 0) {
            LOG.warnf(message, descriptor.id(), client.url().orElseThrow(), reply.describe(), wait.toMillis());
        } else {
            LOG.debugf(message, descriptor.id(), client.url().orElseThrow(), reply.describe(), wait.toMillis());
        }
        thread.schedule(this::attemptRegistration, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void scheduleHeartbeats() {
        long interval = config.heartbeatInterval().toMillis();
        heartbeats = thread.scheduleWithFixedDelay(this::sendHeartbeat, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void sendHeartbeat() {
        if (state != RegistrationState.REGISTERED && state != RegistrationState.DRAINING) {
            return;
        }
        RegistryReply reply = client.heartbeat(descriptor.id(), load.report());
        if (reply.succeeded()) {
            lastHeartbeat = Instant.now();
            if (reply.expert() != null) {
                registration = reply.expert();
            }
            lastProblem = null;
            return;
        }
        if (reply.notFound() && state == RegistrationState.REGISTERED) {
            LOG.warnf("The registry no longer knows expert %s; registering again", descriptor.id());
            heartbeats.cancel(false);
            heartbeats = null;
            state = RegistrationState.REGISTERING;
            backoff.reset();
            thread.execute(this::attemptRegistration);
            return;
        }
        if (lastProblem == null) {
            LOG.warnf("Heartbeat of expert %s failed: %s; the next one follows in %s", descriptor.id(),
                    reply.describe(), config.heartbeatInterval());
        }
        lastProblem = "heartbeat: " + reply.describe();
    }

    private void runAndWait(Runnable task) {
        if (thread.isShutdown()) {
            return;
        }
        // a registry call already under way may finish first
        long limit = config.connectTimeout().plus(config.readTimeout()).multipliedBy(2).plusSeconds(1).toMillis();
        try {
            thread.submit(task).get(limit, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("Talking to the registry failed", e.getCause());
        } catch (TimeoutException e) {
            LOG.warnf("The registry did not answer within %d ms", limit);
        }
    }
}
