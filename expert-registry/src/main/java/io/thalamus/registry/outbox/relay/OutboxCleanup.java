package io.thalamus.registry.outbox.relay;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.thalamus.registry.config.RegistryConfig;
import io.thalamus.registry.expert.service.Times;
import io.thalamus.registry.outbox.repository.OutboxRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Deletes outbox rows published longer ago than the retention. */
@ApplicationScoped
public class OutboxCleanup {

    private static final Logger LOG = Logger.getLogger(OutboxCleanup.class);

    private final OutboxRepository outbox;
    private final RegistryConfig.Events config;

    public OutboxCleanup(OutboxRepository outbox, RegistryConfig config) {
        this.outbox = outbox;
        this.config = config.events();
    }

    @Scheduled(every = "${thalamus.registry.events.outbox-cleanup-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> deletePublished() {
        return Panache.withTransaction(() -> outbox.deletePublishedBefore(Times.now().minus(config.outboxRetention())))
                .invoke(deleted -> {
                    if (deleted > 0) {
                        LOG.debugf("Deleted %d published outbox row(s)", deleted);
                    }
                })
                .onFailure().invoke(failure -> LOG.warn("Outbox cleanup failed", failure))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
