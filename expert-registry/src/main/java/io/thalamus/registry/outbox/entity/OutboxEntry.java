package io.thalamus.registry.outbox.entity;

import io.thalamus.api.registry.ExpertEvent;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A committed change waiting to be (or already) published to the event topic. */
@Entity
@Table(name = "outbox")
public class OutboxEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long position;

    @Column(name = "expert_id", nullable = false)
    public String expertId;

    @Column(nullable = false)
    public long version;

    @Enumerated(EnumType.STRING)
    @Column(name = "event_type", nullable = false)
    public ExpertEvent.Type eventType;

    /** The {@link ExpertEvent} as published (JSON). */
    @Column(nullable = false)
    public String event;

    /** W3C trace context of the request that made the change, so the publication joins its trace. */
    @Column(name = "trace_parent")
    public String traceParent;

    @Column(name = "trace_state")
    public String traceState;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "published_at")
    public Instant publishedAt;
}
