package io.thalamus.registry.lifecycle.scheduler;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.thalamus.registry.lifecycle.service.LifecycleService;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Runs the registry's own transitions on a schedule. */
@ApplicationScoped
public class LifecycleSweeps {

    private static final Logger LOG = Logger.getLogger(LifecycleSweeps.class);

    private final LifecycleService lifecycle;

    public LifecycleSweeps(LifecycleService lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Scheduled(every = "${thalamus.registry.lease.sweep-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> expireLeases() {
        return lifecycle.expireLeases()
                .invoke(count -> {
                    if (count > 0) {
                        LOG.infof("%d expert(s) missed their lease and are UNHEALTHY", count);
                    }
                })
                .onFailure().invoke(failure -> LOG.warn("Lease sweep failed", failure))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    @Scheduled(every = "${thalamus.registry.lifecycle.sweep-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> finishDrainsAndRetire() {
        return lifecycle.finishDrains()
                .chain(drained -> lifecycle.retireLongUnhealthy().map(retired -> drained + retired))
                .invoke(count -> {
                    if (count > 0) {
                        LOG.infof("%d expert(s) are GONE", count);
                    }
                })
                .onFailure().invoke(failure -> LOG.warn("Drain sweep failed", failure))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
