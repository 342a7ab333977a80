package io.thalamus.registry.outbox.relay;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.thalamus.registry.config.RegistryConfig;
import io.thalamus.registry.expert.service.Times;
import io.thalamus.registry.outbox.repository.OutboxRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Publishes outbox rows to Kafka in position order and marks them published once the broker acknowledged them.
 * Runs on its own thread: woken up after every commit, and at least every {@code relay.interval}. While the broker
 * is unreachable rows stay in the outbox and the relay retries with growing pauses. Only one registry replica
 * relays at a time (a transaction-scoped advisory lock), so the topic receives rows in position order.
 *
 * <p>A row the broker acknowledged but the relay could not mark (the registry died in between) is published again
 * after a restart; consumers apply an event only when its version is newer than theirs, so every version takes
 * effect once.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final OutboxRepository outbox;
    private final EventPublisher publisher;
    private final TopicProvisioner topic;
    private final RegistryConfig.Events.Relay config;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    public OutboxRelay(OutboxRepository outbox, EventPublisher publisher, TopicProvisioner topic,
                       RegistryConfig config) {
        this.outbox = outbox;
        this.publisher = publisher;
        this.topic = topic;
        this.config = config.events().relay();
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.warn("The outbox relay is disabled (thalamus.registry.events.relay.enabled=false): changes wait in "
                    + "the outbox and are not published");
            return;
        }
        running = true;
        thread = new Thread(this::relayLoop, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(config.sendTimeout().plusSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Asks the relay to look at the outbox now (after a commit); never blocks. */
    public void wakeUp() {
        if (running && wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    /**
     * Publishes one batch of pending rows and marks the acknowledged ones; returns the outcome. Blocking: call it
     * from a worker thread, never from the event loop.
     */
    public PublishOutcome publishBatch() throws Exception {
        topic.ensureTopic();
        try {
            return VertxContextSupport.subscribeAndAwait(this::publishPending);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable other) {
            throw new IllegalStateException(other);
        }
    }

    private Uni<PublishOutcome> publishPending() {
        return Panache.withTransaction(() -> outbox.tryLockRelay().chain(mine -> {
            if (!mine) {
                // another replica is relaying
                return Uni.createFrom().item(new PublishOutcome(List.of(), null));
            }
            return outbox.pending(config.batchSize()).chain(rows -> rows.isEmpty()
                    ? Uni.createFrom().item(new PublishOutcome(List.of(), null))
                    : VertxContextSupport.executeBlocking(() -> publisher.publish(rows))
                    .call(outcome -> outbox.markPublished(outcome.acknowledged(), Times.now())));
        }));
    }

    private void relayLoop() {
        Duration backoff = config.initialBackoff();
        int failuresInARow = 0;
        while (running) {
            try {
                PublishOutcome outcome = publishBatch();
                if (outcome.failure() != null) {
                    throw new IllegalStateException(outcome.failure().getMessage(), outcome.failure());
                }
                if (failuresInARow > 0) {
                    LOG.infof("The outbox relay publishes again after %d failed round(s)", failuresInARow);
                }
                failuresInARow = 0;
                backoff = config.initialBackoff();
                if (outcome.acknowledged().size() < config.batchSize()) {
                    awaitWakeUp(config.interval());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                failuresInARow++;
                if (failuresInARow == 1 || failuresInARow % 20 == 0) {
                    LOG.warnf("Publishing outbox rows failed (%d time(s) in a row): %s; they stay in the outbox and "
                            + "the relay retries in %s", failuresInARow, rootMessage(e), backoff);
                }
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(config.maxBackoff()) > 0 ? config.maxBackoff()
                        : backoff.multipliedBy(2);
            }
        }
    }

    private void awaitWakeUp(Duration atMost) throws InterruptedException {
        if (wakeUps.tryAcquire(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            wakeUps.drainPermits();
        }
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
