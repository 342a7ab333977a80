package io.thalamus.router.quota;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Quota definitions in PostgreSQL (table {@code router.quotas}), one row per tenant and task ('*': all tasks). */
@ApplicationScoped
public class QuotaRepository {

    private final Pool pool;

    public QuotaRepository(Pool pool) {
        this.pool = pool;
    }

    /** The tenant's rows by task. */
    public Uni<Map<String, QuotaLimits>> find(String tenant) {
        return pool.preparedQuery("SELECT task, requests_per_minute, concurrent_requests, daily_credits,"
                        + " daily_gpu_seconds FROM router.quotas WHERE tenant = $1 ORDER BY task")
                .execute(Tuple.of(tenant))
                .map(rows -> {
                    Map<String, QuotaLimits> byTask = new LinkedHashMap<>();
                    for (Row row : rows) {
                        byTask.put(row.getString("task"), new QuotaLimits(row.getInteger("requests_per_minute"),
                                row.getInteger("concurrent_requests"), row.getLong("daily_credits"),
                                row.getLong("daily_gpu_seconds")));
                    }
                    return byTask;
                });
    }

    public Uni<Void> put(String tenant, String task, QuotaLimits limits) {
        return pool.preparedQuery("INSERT INTO router.quotas (tenant, task, requests_per_minute, concurrent_requests,"
                        + " daily_credits, daily_gpu_seconds, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)"
                        + " ON CONFLICT (tenant, task) DO UPDATE SET requests_per_minute = $3, concurrent_requests = $4,"
                        + " daily_credits = $5, daily_gpu_seconds = $6, updated_at = $7")
                .execute(Tuple.tuple(Arrays.asList(tenant, task, limits.requestsPerMinute(),
                        limits.concurrentRequests(), limits.dailyCredits(), limits.dailyGpuSeconds(),
                        OffsetDateTime.now(ZoneOffset.UTC))))
                .replaceWithVoid();
    }

    /** True when a row was deleted. */
    public Uni<Boolean> delete(String tenant, String task) {
        return pool.preparedQuery("DELETE FROM router.quotas WHERE tenant = $1 AND task = $2")
                .execute(Tuple.of(tenant, task))
                .map(rows -> rows.rowCount() == 1);
    }
}
