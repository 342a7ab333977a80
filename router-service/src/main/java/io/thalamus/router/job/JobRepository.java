package io.thalamus.router.job;

import io.smallrye.mutiny.Uni;
import io.thalamus.api.routing.TaskStatus;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Jobs in PostgreSQL (schema {@code router}). JSON is passed as text and cast with {@code ::text::jsonb}: a
 * parameter cast straight to jsonb would be stored as one JSON string.
 */
@ApplicationScoped
public class JobRepository {

    private static final String COLUMNS = "id, tenant, task, expert_id, state, request::text AS request,"
            + " routing::text AS routing, result::text AS result, error::text AS error, created_at, finished_at,"
            + " reservation::text AS reservation";
    private static final String UNFINISHED = "state IN ('QUEUED', 'RUNNING')";

    private final Pool pool;

    public JobRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> insert(JobRecord job, Instant deadline, Instant expiresAt) {
        return pool.preparedQuery("INSERT INTO router.jobs (id, tenant, task, expert_id, state, request, routing,"
                        + " created_at, deadline, expires_at, reservation) VALUES ($1, $2, $3, $4, $5, $6::text::jsonb,"
                        + " $7::text::jsonb, $8, $9, $10, $11::text::jsonb)")
                .execute(Tuple.tuple(List.of(job.id(), job.tenant(), job.task(), job.expertId(), job.state().name(),
                        job.request(), job.routing(), utc(job.createdAt()), utc(deadline), utc(expiresAt),
                        job.reservation())))
                .replaceWithVoid();
    }

    /** The job if it belongs to the tenant; null otherwise (another tenant's job looks like an unknown one). */
    public Uni<JobRecord> findForTenant(UUID id, String tenant) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM router.jobs WHERE id = $1 AND tenant = $2")
                .execute(Tuple.of(id, tenant))
                .map(rows -> rows.iterator().hasNext() ? toRecord(rows.iterator().next()) : null);
    }

    /** Jobs not yet handed to Kafka, oldest first, locked (rows another replica holds are skipped). */
    public Uni<List<JobRecord>> lockWaiting(SqlClient tx, int limit) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM router.jobs WHERE handed_off_at IS NULL"
                        + " ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<JobRecord> jobs = new ArrayList<>();
                    rows.forEach(row -> jobs.add(toRecord(row)));
                    return jobs;
                });
    }

    public Uni<Void> markHandedOff(SqlClient tx, List<UUID> ids, Instant at) {
        return tx.preparedQuery("UPDATE router.jobs SET handed_off_at = $1,"
                        + " state = CASE WHEN state = 'QUEUED' THEN 'RUNNING' ELSE state END WHERE id = ANY($2)")
                .execute(Tuple.of(utc(at), ids.toArray(UUID[]::new)))
                .replaceWithVoid();
    }

    /** Records a job's outcome unless it already has one; the job as recorded, or null when it had one. */
    public Uni<JobRecord> finish(UUID id, TaskStatus state, String result, String error, Instant finishedAt,
                                 Instant expiresAt) {
        return pool.preparedQuery("UPDATE router.jobs SET state = $2, result = $3::text::jsonb, error = $4::text::jsonb,"
                        + " finished_at = $5, expires_at = $6 WHERE id = $1 AND " + UNFINISHED + " RETURNING " + COLUMNS)
                .execute(Tuple.of(id, state.name(), result, error, utc(finishedAt), utc(expiresAt)))
                .map(rows -> rows.iterator().hasNext() ? toRecord(rows.iterator().next()) : null);
    }

    /** Ids of unfinished jobs whose deadline is before {@code bound}. */
    public Uni<List<UUID>> overdue(Instant bound, int limit) {
        return pool.preparedQuery("SELECT id FROM router.jobs WHERE " + UNFINISHED
                        + " AND deadline < $1 ORDER BY deadline LIMIT $2")
                .execute(Tuple.of(utc(bound), limit))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getUUID("id")));
                    return ids;
                });
    }

    /** Deletes jobs kept past their retention; returns how many. */
    public Uni<Integer> deleteExpired(Instant now) {
        return pool.preparedQuery("DELETE FROM router.jobs WHERE expires_at < $1")
                .execute(Tuple.of(utc(now)))
                .map(rows -> rows.rowCount());
    }

    public Pool pool() {
        return pool;
    }

    private static JobRecord toRecord(Row row) {
        OffsetDateTime finished = row.getOffsetDateTime("finished_at");
        return new JobRecord(row.getUUID("id"), row.getString("tenant"), row.getString("task"),
                row.getString("expert_id"), TaskStatus.valueOf(row.getString("state")), row.getString("request"),
                row.getString("routing"), row.getString("result"), row.getString("error"),
                row.getOffsetDateTime("created_at").toInstant(), finished == null ? null : finished.toInstant(),
                row.getString("reservation"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
