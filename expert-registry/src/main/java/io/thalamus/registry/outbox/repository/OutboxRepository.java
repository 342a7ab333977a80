package io.thalamus.registry.outbox.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.thalamus.registry.outbox.entity.OutboxEntry;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/**
 * The outbox. Positions are handed out in commit order: every writer takes {@link #lockAppends()} just before it
 * appends and holds it until its transaction ends, so a reader that sees position N also sees every smaller one.
 */
@ApplicationScoped
public class OutboxRepository implements PanacheRepositoryBase<OutboxEntry, Long> {

    /** Advisory lock keys (arbitrary constants, unique within the database). */
    private static final long APPEND_LOCK = 0x7468616c616d7501L;
    private static final long RELAY_LOCK = 0x7468616c616d7502L;

    /** Serialises appends until the end of the current transaction. */
    public Uni<Void> lockAppends() {
        return Panache.getSession().chain(session -> session
                        .createNativeQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(:key)) AS locked", Integer.class)
                        .setParameter("key", APPEND_LOCK)
                        .getSingleResult())
                .replaceWithVoid();
    }

    /** Whether this transaction became the only relay publishing right now (released when it ends). */
    public Uni<Boolean> tryLockRelay() {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT pg_try_advisory_xact_lock(:key)", Boolean.class)
                .setParameter("key", RELAY_LOCK)
                .getSingleResult());
    }

    /** The oldest unpublished rows, in position order. */
    public Uni<List<OutboxEntry>> pending(int limit) {
        return find("publishedAt IS NULL ORDER BY position").page(0, limit).list();
    }

    public Uni<Integer> markPublished(List<Long> positions, Instant at) {
        if (positions.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return update("publishedAt = ?1 WHERE position IN ?2", at, positions);
    }

    /** The highest committed position, or 0 when nothing was ever written. */
    public Uni<Long> lastPosition() {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT COALESCE(MAX(position), 0) FROM outbox", Long.class)
                .getSingleResult());
    }

    /** Deletes rows published before {@code before}, always keeping the newest row (it anchors snapshot positions). */
    public Uni<Long> deletePublishedBefore(Instant before) {
        return delete("publishedAt < ?1 AND position < (SELECT MAX(o.position) FROM OutboxEntry o)", before);
    }
}
