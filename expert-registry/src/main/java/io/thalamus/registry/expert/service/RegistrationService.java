package io.thalamus.registry.expert.service;

import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.thalamus.api.expert.ExpertDescriptor;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.api.registry.ExpertEvent;
import io.thalamus.api.registry.ExpertState;
import io.thalamus.api.registry.LoadReport;
import io.thalamus.api.registry.RegisteredExpert;
import io.thalamus.api.registry.RegistrySnapshot;
import io.thalamus.registry.config.RegistryConfig;
import io.thalamus.registry.expert.entity.ExpertEntity;
import io.thalamus.registry.expert.mapping.ExpertMapper;
import io.thalamus.registry.expert.repository.ExpertFilter;
import io.thalamus.registry.expert.repository.ExpertRepository;
import io.thalamus.registry.expert.rest.Preconditions;
import io.thalamus.registry.outbox.relay.OutboxRelay;
import io.thalamus.registry.outbox.repository.OutboxRepository;
import io.thalamus.registry.outbox.service.ChangeLog;
import io.thalamus.registry.security.Caller;
import io.thalamus.registry.security.Ownership;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * Registration, heartbeats and deregistration. Each change locks the registration row, commits the new version
 * together with its outbox row, and then wakes the relay up.
 */
@ApplicationScoped
public class RegistrationService {

    private final ExpertRepository experts;
    private final OutboxRepository outbox;
    private final ChangeLog changes;
    private final OutboxRelay relay;
    private final Duration lease;
    private final boolean probeBeforeRecovery;

    public RegistrationService(ExpertRepository experts, OutboxRepository outbox, ChangeLog changes, OutboxRelay relay,
                               RegistryConfig config) {
        this.experts = experts;
        this.outbox = outbox;
        this.changes = changes;
        this.relay = relay;
        this.lease = config.lease().duration();
        this.probeBeforeRecovery = config.probe().enabled();
    }

    @WithSpan("registry.register")
    public Uni<RegistrationResult> register(@SpanAttribute("expert.id") String id, ExpertDescriptor descriptor,
                                            Caller caller, Preconditions preconditions) {
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> experts.lockById(id)
                        .chain(existing -> existing == null
                                ? create(id, descriptor, caller, preconditions)
                                : update(existing, descriptor, caller, preconditions))))
                // two first registrations of one id raced; the loser now finds the row and updates it
                .onFailure(UniqueViolation::isCause).retry().atMost(1)
                .invoke(result -> wakeRelayIf(result.changed()));
    }

    @WithSpan("registry.heartbeat")
    public Uni<RegisteredExpert> heartbeat(@SpanAttribute("expert.id") String id, LoadReport load, Caller caller) {
        return Panache.withTransaction(() -> experts.lockById(id).chain(expert -> {
                    if (expert == null || expert.state == ExpertState.GONE) {
                        throw notFound(id);
                    }
                    Ownership.requireOwnerOrAdmin(caller, id, expert.owner);
                    Instant now = Times.now();
                    expert.load = load;
                    expert.lastHeartbeatAt = now;
                    expert.leaseExpiresAt = now.plus(lease);
                    ExpertEvent.Type change = heartbeatTransition(expert, load, now);
                    Uni<Void> recorded = change == null ? Uni.createFrom().voidItem() : changes.record(expert, change);
                    return recorded.map(ignored -> new Change(ExpertMapper.toRegistered(expert), change != null));
                }))
                .invoke(change -> wakeRelayIf(change.committed()))
                .map(Change::expert);
    }

    @WithSpan("registry.deregister")
    public Uni<RegisteredExpert> deregister(@SpanAttribute("expert.id") String id, Caller caller,
                                            Preconditions preconditions) {
        return Panache.withTransaction(() -> experts.lockById(id).chain(expert -> {
                    if (expert == null || expert.state == ExpertState.GONE) {
                        throw notFound(id);
                    }
                    Ownership.requireOwnerOrAdmin(caller, id, expert.owner);
                    preconditions.check(id, OptionalLong.of(expert.version));
                    if (expert.state == ExpertState.DRAINING) {
                        return Uni.createFrom().item(new Change(ExpertMapper.toRegistered(expert), false));
                    }
                    expert.moveTo(ExpertState.DRAINING, "deregistered by " + caller.clientId()
                            + "; draining until its in-flight work ends", Times.now());
                    return changes.record(expert, ExpertEvent.Type.STATE_CHANGED)
                            .map(ignored -> new Change(ExpertMapper.toRegistered(expert), true));
                }))
                .invoke(change -> wakeRelayIf(change.committed()))
                .map(Change::expert);
    }

    @WithSpan("registry.get")
    public Uni<RegisteredExpert> get(@SpanAttribute("expert.id") String id) {
        return Panache.withSession(() -> experts.findById(id)).map(expert -> {
            if (expert == null) {
                throw notFound(id);
            }
            return ExpertMapper.toRegistered(expert);
        });
    }

    @WithSpan("registry.list")
    public Uni<List<RegisteredExpert>> list(ExpertFilter filter) {
        return Panache.withSession(() -> experts.search(filter))
                .map(found -> found.stream().map(ExpertMapper::toRegistered).toList());
    }

    /**
     * Every live registration with the outbox position it reflects. The position is read first: positions are
     * assigned in commit order, so every change up to it is already visible to the read of the registrations.
     */
    @WithSpan("registry.snapshot")
    public Uni<RegistrySnapshot> snapshot() {
        return Panache.withSession(() -> outbox.lastPosition()
                .chain(position -> experts.live().map(live -> new RegistrySnapshot(position,
                        live.stream().map(ExpertMapper::toRegistered).toList()))));
    }

    private Uni<RegistrationResult> create(String id, ExpertDescriptor descriptor, Caller caller,
                                           Preconditions preconditions) {
        preconditions.check(id, OptionalLong.empty());
        Instant now = Times.now();
        ExpertEntity expert = new ExpertEntity();
        expert.id = id;
        expert.owner = ownerFor(descriptor, caller, null);
        expert.descriptor = descriptor.withOwner(null);
        expert.state = ExpertState.REGISTERED;
        expert.stateReason = "registered by " + caller.clientId() + "; waiting for a heartbeat or a readiness probe";
        expert.stateSince = now;
        expert.version = 1;
        expert.leaseExpiresAt = now.plus(lease);
        expert.load = LoadReport.idle();
        expert.registeredAt = now;
        expert.updatedAt = now;
        return experts.persist(expert)
                .chain(() -> changes.record(expert, ExpertEvent.Type.REGISTERED))
                .map(ignored -> new RegistrationResult(ExpertMapper.toRegistered(expert), true, true));
    }

    private Uni<RegistrationResult> update(ExpertEntity expert, ExpertDescriptor descriptor, Caller caller,
                                           Preconditions preconditions) {
        Ownership.requireOwnerOrAdmin(caller, expert.id, expert.owner);
        preconditions.check(expert.id, OptionalLong.of(expert.version));
        Instant now = Times.now();
        // a registration is a sign of life
        expert.leaseExpiresAt = now.plus(lease);
        String owner = ownerFor(descriptor, caller, expert.owner);
        ExpertDescriptor stored = descriptor.withOwner(null);
        if (expert.state == ExpertState.DRAINING || expert.state == ExpertState.GONE) {
            // a new instance under the same id: start over, keeping the version sequence
            expert.descriptor = stored;
            expert.owner = owner;
            expert.load = LoadReport.idle();
            expert.registeredAt = now;
            expert.moveTo(ExpertState.REGISTERED, "registered again by " + caller.clientId()
                    + " after " + expert.state.name() + "; waiting for a heartbeat or a readiness probe", now);
            return changes.record(expert, ExpertEvent.Type.REGISTERED)
                    .map(ignored -> new RegistrationResult(ExpertMapper.toRegistered(expert), true, true));
        }
        if (stored.equals(expert.descriptor) && owner.equals(expert.owner)) {
            return Uni.createFrom().item(new RegistrationResult(ExpertMapper.toRegistered(expert), false, false));
        }
        expert.descriptor = stored;
        expert.owner = owner;
        expert.touch(now);
        return changes.record(expert, ExpertEvent.Type.UPDATED)
                .map(ignored -> new RegistrationResult(ExpertMapper.toRegistered(expert), false, true));
    }

    /** The state change a heartbeat causes, applied to the entity; null when it causes none. */
    private ExpertEvent.Type heartbeatTransition(ExpertEntity expert, LoadReport load, Instant now) {
        switch (expert.state) {
            case REGISTERED -> {
                expert.moveTo(ExpertState.READY, "first heartbeat received", now);
                return ExpertEvent.Type.STATE_CHANGED;
            }
            case UNHEALTHY -> {
                if (probeBeforeRecovery) {
                    // heartbeats are back; the readiness prober confirms before READY
                    return null;
                }
                expert.moveTo(ExpertState.READY, "heartbeats resumed", now);
                return ExpertEvent.Type.STATE_CHANGED;
            }
            case DRAINING -> {
                if (load.inFlight() == 0 && load.queueDepth() == 0) {
                    expert.moveTo(ExpertState.GONE, "drained: no work in flight or queued", now);
                    return ExpertEvent.Type.REMOVED;
                }
                return null;
            }
            default -> {
                return null;
            }
        }
    }

    /** Experts own what they register; an admin may register on behalf of the owner named in the descriptor. */
    private static String ownerFor(ExpertDescriptor descriptor, Caller caller, String currentOwner) {
        if (caller.admin() && descriptor.owner() != null && !descriptor.owner().isBlank()) {
            return descriptor.owner();
        }
        return currentOwner != null ? currentOwner : caller.clientId();
    }

    private void wakeRelayIf(boolean committed) {
        if (committed) {
            relay.wakeUp();
        }
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(ProblemType.NOT_FOUND, "No expert '" + id + "' is registered");
    }

    private record Change(RegisteredExpert expert, boolean committed) {
    }
}
