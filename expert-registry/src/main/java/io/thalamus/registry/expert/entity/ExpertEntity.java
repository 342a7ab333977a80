package io.thalamus.registry.expert.entity;

import io.thalamus.api.expert.ExpertDescriptor;
import io.thalamus.api.registry.ExpertState;
import io.thalamus.api.registry.LoadReport;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.java.Immutability;

import java.time.Instant;

/**
 * One registration. {@link #version} grows with every committed change an event is published for (descriptor,
 * owner or state); heartbeats renew the lease and record load without touching it.
 */
@Entity
@Table(name = "experts")
public class ExpertEntity {

    @Id
    public String id;

    // replaced whole, never modified in place: no deep copies for dirty checking
    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    @Column(nullable = false, columnDefinition = "jsonb")
    public ExpertDescriptor descriptor;

    @Column(nullable = false)
    public String owner;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ExpertState state;

    @Column(name = "state_reason")
    public String stateReason;

    @Column(name = "state_since", nullable = false)
    public Instant stateSince;

    @Column(nullable = false)
    public long version;

    @Column(name = "lease_expires_at", nullable = false)
    public Instant leaseExpiresAt;

    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    @Column(columnDefinition = "jsonb")
    public LoadReport load;

    @Column(name = "last_heartbeat_at")
    public Instant lastHeartbeatAt;

    @Column(name = "registered_at", nullable = false)
    public Instant registeredAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Moves to {@code next} with a reason; the caller records the change in the outbox. */
    public void moveTo(ExpertState next, String reason, Instant now) {
        state = next;
        stateReason = reason;
        stateSince = now;
        touch(now);
    }

    /** Marks a committed change: the next version. */
    public void touch(Instant now) {
        version++;
        updatedAt = now;
    }

    public boolean leaseValidAt(Instant now) {
        return leaseExpiresAt.isAfter(now);
    }
}
