package io.thalamus.registry.outbox.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.thalamus.api.registry.ExpertEvent;
import io.thalamus.registry.expert.entity.ExpertEntity;
import io.thalamus.registry.expert.mapping.ExpertMapper;
import io.thalamus.registry.outbox.entity.OutboxEntry;
import io.thalamus.registry.outbox.repository.OutboxRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records committed changes as outbox rows, in the caller's transaction: the change and its event commit or roll
 * back together.
 */
@ApplicationScoped
public class ChangeLog {

    private final OutboxRepository outbox;
    private final ObjectMapper json;
    private final OpenTelemetry openTelemetry;

    public ChangeLog(OutboxRepository outbox, ObjectMapper json, OpenTelemetry openTelemetry) {
        this.outbox = outbox;
        this.json = json;
        this.openTelemetry = openTelemetry;
    }

    /** Appends the event for the expert's current version. Call after the entity reached its new state. */
    public Uni<Void> record(ExpertEntity expert, ExpertEvent.Type type) {
        return record(List.of(expert), type);
    }

    public Uni<Void> record(List<ExpertEntity> experts, ExpertEvent.Type type) {
        if (experts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, String> trace = currentTraceContext();
        List<OutboxEntry> entries = experts.stream().map(expert -> entry(expert, type, trace)).toList();
        return outbox.lockAppends().chain(() -> outbox.persist(entries));
    }

    private OutboxEntry entry(ExpertEntity expert, ExpertEvent.Type type, Map<String, String> trace) {
        Instant at = expert.updatedAt;
        ExpertEvent event = new ExpertEvent(expert.id, expert.version, type, ExpertMapper.toRegistered(expert), at);
        OutboxEntry entry = new OutboxEntry();
        entry.expertId = expert.id;
        entry.version = expert.version;
        entry.eventType = type;
        entry.createdAt = at;
        entry.traceParent = trace.get("traceparent");
        entry.traceState = trace.get("tracestate");
        try {
            entry.event = json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the event of expert " + expert.id, e);
        }
        return entry;
    }

    private Map<String, String> currentTraceContext() {
        Map<String, String> carrier = new HashMap<>();
        openTelemetry.getPropagators().getTextMapPropagator().inject(Context.current(), carrier, Map::put);
        return carrier;
    }
}
