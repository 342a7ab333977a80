package io.thalamus.registry.expert.repository;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.thalamus.api.registry.ExpertState;
import io.thalamus.registry.expert.entity.ExpertEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** Registrations in PostgreSQL. Methods that lock must run inside a transaction. */
@ApplicationScoped
public class ExpertRepository implements PanacheRepositoryBase<ExpertEntity, String> {

    private final ObjectMapper json;

    public ExpertRepository(ObjectMapper json) {
        this.json = json;
    }

    /** The registration, locked against concurrent changes until the transaction ends; null when unknown. */
    public Uni<ExpertEntity> lockById(String id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** One page of registrations matching the filter, by ascending id. */
    public Uni<List<ExpertEntity>> search(ExpertFilter filter) {
        // state names are enum constants, safe to inline
        String states = filter.states().stream().map(state -> "'" + state.name() + "'").collect(Collectors.joining(","));
        // typed as text first: a parameter typed jsonb would be sent as a JSON string value, not parsed
        String sql = "SELECT * FROM experts WHERE descriptor @> CAST(CAST(:containment AS text) AS jsonb)"
                + " AND state IN (" + states + ")"
                + (filter.after() == null ? "" : " AND id > :after")
                + " ORDER BY id LIMIT :limit";
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql, ExpertEntity.class)
                    .setParameter("containment", containment(filter))
                    .setParameter("limit", filter.limit());
            if (filter.after() != null) {
                query.setParameter("after", filter.after());
            }
            return query.getResultList();
        });
    }

    /** Every registration that is not GONE, by id. */
    public Uni<List<ExpertEntity>> live() {
        return list("state <> ?1 ORDER BY id", ExpertState.GONE);
    }

    /** REGISTERED and READY experts whose lease ran out, locked; rows another transaction holds are skipped. */
    public Uni<List<ExpertEntity>> lockExpiredLeases(Instant now, int limit) {
        return lockSkipping("state IN ('REGISTERED', 'READY') AND lease_expires_at < :bound", now, limit);
    }

    /** DRAINING experts whose drain started before {@code drainStartedBefore} or whose lease ran out, locked. */
    public Uni<List<ExpertEntity>> lockDrainingDue(Instant drainStartedBefore, Instant now, int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT * FROM experts WHERE state = 'DRAINING' AND (state_since < :started OR lease_expires_at < :now)"
                                + " ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED", ExpertEntity.class)
                .setParameter("started", drainStartedBefore)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList());
    }

    /** UNHEALTHY experts that have been so since before {@code since}, locked. */
    public Uni<List<ExpertEntity>> lockUnhealthySince(Instant since, int limit) {
        return lockSkipping("state = 'UNHEALTHY' AND state_since < :bound", since, limit);
    }

    /** REGISTERED experts and UNHEALTHY ones whose heartbeats came back: candidates for a readiness probe. */
    public Uni<List<ExpertEntity>> awaitingProbe(Instant now, int limit) {
        return find("state IN ?1 AND leaseExpiresAt > ?2 ORDER BY stateSince",
                List.of(ExpertState.REGISTERED, ExpertState.UNHEALTHY), now).page(0, limit).list();
    }

    /**
     * Experts speaking one of {@code protocols} (no heartbeats; probes renew their lease) whose lease ends before
     * {@code renewBefore}: due for a probe, including UNHEALTHY ones whose lease has already run out.
     */
    public Uni<List<ExpertEntity>> awaitingLeaseRenewal(Collection<String> protocols, Instant renewBefore,
                                                        int limit) {
        if (protocols.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT * FROM experts WHERE state IN ('REGISTERED', 'READY', 'UNHEALTHY')"
                                + " AND descriptor ->> 'protocol' IN (:protocols) AND lease_expires_at < :renewBefore"
                                + " ORDER BY lease_expires_at LIMIT :limit", ExpertEntity.class)
                .setParameter("protocols", protocols)
                .setParameter("renewBefore", renewBefore)
                .setParameter("limit", limit)
                .getResultList());
    }

    private Uni<List<ExpertEntity>> lockSkipping(String condition, Instant bound, int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT * FROM experts WHERE " + condition + " ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED",
                        ExpertEntity.class)
                .setParameter("bound", bound)
                .setParameter("limit", limit)
                .getResultList());
    }

    private String containment(ExpertFilter filter) {
        ObjectNode document = json.createObjectNode();
        if (filter.task() != null) {
            document.putArray("tasks").add(filter.task().value());
        }
        if (filter.modality() != null) {
            document.putArray("inputModalities").add(filter.modality().wireName());
        }
        if (filter.zone() != null || filter.gpuModel() != null || !filter.labels().isEmpty()) {
            ObjectNode node = document.putObject("node");
            if (filter.zone() != null) {
                node.put("zone", filter.zone());
            }
            if (filter.gpuModel() != null) {
                node.put("gpuModel", filter.gpuModel());
            }
            if (!filter.labels().isEmpty()) {
                ObjectNode labels = node.putObject("labels");
                filter.labels().forEach(labels::put);
            }
        }
        return document.toString();
    }
}
