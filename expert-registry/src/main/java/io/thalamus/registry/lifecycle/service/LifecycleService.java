package io.thalamus.registry.lifecycle.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.thalamus.api.registry.ExpertEvent;
import io.thalamus.api.registry.ExpertState;
import io.thalamus.registry.config.RegistryConfig;
import io.thalamus.registry.expert.entity.ExpertEntity;
import io.thalamus.registry.expert.repository.ExpertRepository;
import io.thalamus.registry.expert.service.Times;
import io.thalamus.registry.outbox.relay.OutboxRelay;
import io.thalamus.registry.outbox.service.ChangeLog;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The transitions the registry makes on its own: expired leases (UNHEALTHY), confirmed readiness (READY), ended
 * drains and long outages (GONE). Each batch is one transaction with its outbox rows.
 */
@ApplicationScoped
public class LifecycleService {

    private final ExpertRepository experts;
    private final ChangeLog changes;
    private final OutboxRelay relay;
    private final RegistryConfig config;
    private final Instant leasesEnforcedFrom;

    public LifecycleService(ExpertRepository experts, ChangeLog changes, OutboxRelay relay, RegistryConfig config) {
        this.experts = experts;
        this.changes = changes;
        this.relay = relay;
        this.config = config;
        Duration grace = config.lease().startupGrace().orElse(config.lease().duration());
        this.leasesEnforcedFrom = Instant.now().plus(grace);
    }

    /** Marks REGISTERED and READY experts whose lease ran out UNHEALTHY; returns how many. */
    public Uni<Integer> expireLeases() {
        Instant now = Times.now();
        if (now.isBefore(leasesEnforcedFrom)) {
            // just started: experts that could not reach us get one lease to renew
            return Uni.createFrom().item(0);
        }
        return transition(() -> experts.lockExpiredLeases(now, config.lease().sweepBatch()), expert -> {
            expert.moveTo(ExpertState.UNHEALTHY, "lease expired at " + expert.leaseExpiresAt + ", last heartbeat "
                    + (expert.lastHeartbeatAt == null ? "never" : "at " + expert.lastHeartbeatAt), now);
            return ExpertEvent.Type.STATE_CHANGED;
        });
    }

    /** Ends drains whose grace period is over or whose expert stopped renewing its lease. */
    public Uni<Integer> finishDrains() {
        Instant now = Times.now();
        Duration grace = config.lifecycle().drainGrace();
        return transition(() -> experts.lockDrainingDue(now.minus(grace), now, config.lease().sweepBatch()), expert -> {
            String reason = expert.leaseValidAt(now)
                    ? "drain grace period of " + grace + " ended with work possibly still in flight"
                    : "lease expired while draining";
            expert.moveTo(ExpertState.GONE, reason, now);
            return ExpertEvent.Type.REMOVED;
        });
    }

    /** Removes experts that have been UNHEALTHY for longer than the configured limit. */
    public Uni<Integer> retireLongUnhealthy() {
        Instant now = Times.now();
        Duration limit = config.lifecycle().unhealthyRemovalAfter();
        return transition(() -> experts.lockUnhealthySince(now.minus(limit), config.lease().sweepBatch()), expert -> {
            expert.moveTo(ExpertState.GONE, "unhealthy for longer than " + limit, now);
            return ExpertEvent.Type.REMOVED;
        });
    }

    /**
     * A readiness probe of the given version succeeded: READY, unless the registration changed meanwhile or its
     * lease is not current (no heartbeats: it would only flap back to UNHEALTHY). For experts whose probes stand in
     * for heartbeats ({@code renewsLease}), the probe renews the lease instead, and READY stays READY silently.
     */
    public Uni<Boolean> confirmReady(String id, long probedVersion, boolean renewsLease) {
        Instant now = Times.now();
        return Panache.withTransaction(() -> experts.lockById(id).chain(expert -> {
                    if (expert == null || expert.version != probedVersion) {
                        return Uni.createFrom().item(false);
                    }
                    if (renewsLease && expert.state != ExpertState.DRAINING && expert.state != ExpertState.GONE) {
                        expert.leaseExpiresAt = now.plus(config.lease().duration());
                    }
                    if (!expert.leaseValidAt(now)
                            || expert.state != ExpertState.REGISTERED && expert.state != ExpertState.UNHEALTHY) {
                        return Uni.createFrom().item(false);
                    }
                    expert.moveTo(ExpertState.READY, readyReason(expert.state, renewsLease), now);
                    return changes.record(expert, ExpertEvent.Type.STATE_CHANGED).replaceWith(true);
                }))
                .invoke(ready -> {
                    if (ready) {
                        relay.wakeUp();
                    }
                });
    }

    private static String readyReason(ExpertState from, boolean renewsLease) {
        if (from == ExpertState.REGISTERED) {
            return "readiness probe succeeded";
        }
        return renewsLease ? "recovered: the readiness probe succeeded again"
                : "recovered: heartbeats resumed and the readiness probe succeeded";
    }

    private Uni<Integer> transition(Supplier<Uni<List<ExpertEntity>>> candidates,
                                    Function<ExpertEntity, ExpertEvent.Type> change) {
        return Panache.withTransaction(() -> candidates.get().chain(found -> {
                    if (found.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    List<ExpertEntity> removed = new ArrayList<>();
                    List<ExpertEntity> changed = new ArrayList<>();
                    for (ExpertEntity expert : found) {
                        (change.apply(expert) == ExpertEvent.Type.REMOVED ? removed : changed).add(expert);
                    }
                    return changes.record(changed, ExpertEvent.Type.STATE_CHANGED)
                            .chain(() -> changes.record(removed, ExpertEvent.Type.REMOVED))
                            .replaceWith(found.size());
                }))
                .invoke(count -> {
                    if (count > 0) {
                        relay.wakeUp();
                    }
                });
    }
}
