package io.thalamus.registry.lifecycle.probe;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.thalamus.api.expert.Protocol;
import io.thalamus.registry.config.RegistryConfig;
import io.thalamus.registry.expert.entity.ExpertEntity;
import io.thalamus.registry.expert.repository.ExpertRepository;
import io.thalamus.registry.expert.service.Times;
import io.thalamus.registry.lifecycle.service.LifecycleService;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Probes REGISTERED experts and UNHEALTHY experts whose heartbeats came back, and moves the ones that answer to
 * READY. Experts whose protocol sends no heartbeats are also probed once per heartbeat interval, and each successful
 * probe renews their lease. Probes run concurrently off the event loop; the transitions are applied one by one
 * afterwards.
 */
@ApplicationScoped
public class ReadinessProber {

    private static final Logger LOG = Logger.getLogger(ReadinessProber.class);

    private final ExpertRepository experts;
    private final LifecycleService lifecycle;
    private final ReadinessProbe probe;
    private final RegistryConfig.Probe config;
    private final Duration lease;
    private final Duration heartbeatInterval;

    public ReadinessProber(ExpertRepository experts, LifecycleService lifecycle, ReadinessProbe probe,
                           RegistryConfig config) {
        this.experts = experts;
        this.lifecycle = lifecycle;
        this.probe = probe;
        this.config = config.probe();
        this.lease = config.lease().duration();
        this.heartbeatInterval = config.lease().heartbeatInterval();
    }

    @Scheduled(every = "${thalamus.registry.probe.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> probeRound() {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = Times.now();
        Set<String> renewing = config.leaseRenewingProtocols();
        return Panache.withSession(() -> experts.awaitingProbe(now, config.batch())
                        .chain(awaiting -> experts.awaitingLeaseRenewal(renewing,
                                        now.plus(lease).minus(heartbeatInterval), config.batch())
                                .map(renewals -> targets(awaiting, renewals, renewing))))
                .chain(this::probeAll)
                .onFailure().invoke(failure -> LOG.warn("Readiness probe round failed", failure))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Integer> probeAll(List<Target> targets) {
        if (targets.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Multi.createFrom().iterable(targets)
                .onItem().transformToUni(target -> VertxContextSupport
                        .executeBlocking(() -> probe.probe(target.endpoint(), target.protocol()))
                        .map(result -> {
                            if (!result.ready()) {
                                LOG.debugf("Expert %s is not ready yet: %s", target.id(), result.reason());
                            }
                            return result.ready() ? target : null;
                        }))
                .merge(config.concurrency())
                .filter(ready -> ready != null)
                .collect().asList()
                // transitions one after the other: they share this context's session
                .chain(ready -> Multi.createFrom().iterable(ready)
                        .onItem().transformToUniAndConcatenate(target -> lifecycle.confirmReady(target.id(),
                                target.version(), target.renewsLease()))
                        .filter(Boolean::booleanValue)
                        .collect().asList()
                        .map(List::size));
    }

    private static List<Target> targets(List<ExpertEntity> awaiting, List<ExpertEntity> renewals,
                                        Set<String> renewing) {
        Map<String, Target> byId = new LinkedHashMap<>();
        for (ExpertEntity expert : awaiting) {
            byId.put(expert.id, Target.of(expert, renewing));
        }
        for (ExpertEntity expert : renewals) {
            byId.putIfAbsent(expert.id, Target.of(expert, renewing));
        }
        return List.copyOf(byId.values());
    }

    private record Target(String id, long version, URI endpoint, Protocol protocol, boolean renewsLease) {
        static Target of(ExpertEntity expert, Set<String> renewing) {
            Protocol protocol = expert.descriptor.protocol();
            return new Target(expert.id, expert.version, expert.descriptor.endpoint(), protocol,
                    renewing.contains(protocol.wireName()));
        }
    }
}
