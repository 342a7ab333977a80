package io.thalamus.router.usage;

import io.smallrye.mutiny.Uni;
import io.thalamus.api.usage.UsageEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The usage ledger in PostgreSQL (schema {@code router}). Recording is idempotent: an event whose request id is
 * already in the ledger changes nothing, and the daily totals are updated by the same statement that inserts
 * the event, so they never count an event twice or miss one.
 */
@ApplicationScoped
public class UsageLedger {

    private static final String RECORD = """
            WITH inserted AS (
                INSERT INTO router.usage_events (request_id, tenant, task, expert_id, outcome, credits, gpu_ms,
                                                 latency_ms, occurred_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                ON CONFLICT (request_id) DO NOTHING
                RETURNING tenant, task, outcome, credits, gpu_ms, latency_ms, occurred_at)
            INSERT INTO router.usage_daily AS daily (tenant, day, task, requests, succeeded, failed, credits, gpu_ms,
                                                     latency_ms_sum)
            SELECT tenant, (occurred_at AT TIME ZONE 'UTC')::date, task, 1, (outcome = 'SUCCEEDED')::int,
                   (outcome <> 'SUCCEEDED')::int, credits, gpu_ms, latency_ms
            FROM inserted
            ON CONFLICT (tenant, day, task) DO UPDATE SET
                requests = daily.requests + 1,
                succeeded = daily.succeeded + EXCLUDED.succeeded,
                failed = daily.failed + EXCLUDED.failed,
                credits = daily.credits + EXCLUDED.credits,
                gpu_ms = daily.gpu_ms + EXCLUDED.gpu_ms,
                latency_ms_sum = daily.latency_ms_sum + EXCLUDED.latency_ms_sum""";

    private final Pool pool;

    public UsageLedger(Pool pool) {
        this.pool = pool;
    }

    /** Records the event unless its request id is recorded already; true when this call recorded it. */
    public Uni<Boolean> record(UsageEvent event) {
        return pool.preparedQuery(RECORD)
                .execute(Tuple.from(Arrays.asList(event.requestId(), event.tenant(), event.task(),
                        event.expertId(), event.outcome().name(),
                        BigDecimal.valueOf(event.credits()), event.gpuMillis(), event.latencyMs(),
                        event.occurredAt().atOffset(ZoneOffset.UTC))))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The tenant's daily totals per task, days {@code from} to {@code to} inclusive, oldest first. */
    public Uni<List<DailyUsage>> daily(String tenant, LocalDate from, LocalDate to) {
        return pool.preparedQuery("SELECT day, task, requests, succeeded, failed, credits, gpu_ms, latency_ms_sum"
                        + " FROM router.usage_daily WHERE tenant = $1 AND day BETWEEN $2 AND $3 ORDER BY day, task")
                .execute(Tuple.of(tenant, from, to))
                .map(rows -> {
                    List<DailyUsage> days = new ArrayList<>();
                    rows.forEach(row -> days.add(new DailyUsage(row.getLocalDate("day"), row.getString("task"),
                            row.getLong("requests"), row.getLong("succeeded"), row.getLong("failed"),
                            row.getBigDecimal("credits").doubleValue(), row.getLong("gpu_ms") / 1000.0,
                            row.getLong("latency_ms_sum") / (double) row.getLong("requests"))));
                    return days;
                });
    }
}
