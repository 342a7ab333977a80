package io.thalamus.router.quota;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Daily credit and GPU-time budgets on a real Redis server: reserve before dispatch, settle or refund after. */
class DailyBudgetTest extends OnRealRedis {

    private static final long DAY_MS = 86_400_000L;

    @Test
    void concurrentReservationsNeverExceedTheDailyCredits() throws Exception {
        List<QuotaScope> scopes = List.of(budget(tenant(), QuotaScope.ALL_TASKS, 10L, null));
        assertThat(reserved(scopes, Budget.of(1.0, 0), 40)).isEqualTo(10L);

        BudgetAdmission refused = counters.reserve(scopes, Budget.of(0.000001, 0)).await().atMost(WAIT);
        assertThat(refused.reserved()).isFalse();
        assertThat(refused.refusal().measure()).isEqualTo("daily-credits");
        assertThat(refused.refusal().limit()).isEqualTo(10);
        assertThat(refused.refusal().resetMs()).as("until the UTC day ends").isBetween(1L, DAY_MS);
    }

    @Test
    void aReservationThatWouldNotFitIsRefusedAndCountsNothing() {
        QuotaScope scope = budget(tenant(), QuotaScope.ALL_TASKS, null, 60L);
        List<QuotaScope> scopes = List.of(scope);
        assertThat(counters.reserve(scopes, Budget.of(0, 50_000)).await().atMost(WAIT).reserved()).isTrue();

        BudgetAdmission refused = counters.reserve(scopes, Budget.of(0, 20_000)).await().atMost(WAIT);
        assertThat(refused.refusal().measure()).isEqualTo("daily-gpu-seconds");
        assertThat(refused.refusal().limit()).isEqualTo(60);
        assertThat(counters.spentToday(scope).await().atMost(WAIT)).isEqualTo(new Budget(0, 50_000));
        assertThat(counters.reserve(scopes, Budget.of(0, 10_000)).await().atMost(WAIT).reserved()).isTrue();
    }

    @Test
    void settlingReplacesTheEstimateWithTheActualUsageAndARefundGivesAllBack() {
        String tenant = tenant();
        QuotaGate gate = gate(Map.of(QuotaScope.ALL_TASKS, new QuotaLimits(null, null, 5L, null)));
        QuotaScope tenantWide = new QuotaScope(tenant, QuotaScope.ALL_TASKS, QuotaLimits.NONE);

        Reservation first = gate.reserve(tenant, "vqa", Budget.of(2.0, 900)).await().atMost(WAIT);
        Reservation second = gate.reserve(tenant, "vqa", Budget.of(2.0, 900)).await().atMost(WAIT);
        assertThat(counters.spentToday(tenantWide).await().atMost(WAIT)).isEqualTo(Budget.of(4.0, 1800));

        gate.settle(first, Budget.of(0.25, 300)).await().atMost(WAIT);
        gate.refund(second).await().atMost(WAIT);
        assertThat(counters.spentToday(tenantWide).await().atMost(WAIT)).isEqualTo(Budget.of(0.25, 300));
        assertThat(gate.balance(tenant).await().atMost(WAIT).creditsRemaining()).isEqualTo(4.75);
    }

    @Test
    void theGateRefusesOverBudgetWith429NamingTheQuotaAndTheTaskScope() {
        String tenant = tenant();
        QuotaGate gate = gate(Map.of("text-to-image", new QuotaLimits(null, null, 3L, null)));
        gate.reserve(tenant, "text-to-image", Budget.of(2.5, 0)).await().atMost(WAIT);

        assertThatThrownBy(() -> gate.reserve(tenant, "text-to-image", Budget.of(1.0, 0)).await().atMost(WAIT))
                .isInstanceOfSatisfying(QuotaExceededException.class, refusal -> {
                    assertThat(refusal.measure()).isEqualTo("daily-credits");
                    assertThat(refusal.problem().extensions())
                            .containsEntry("scope", "task")
                            .containsEntry("task", "text-to-image")
                            .containsEntry("limit", 3L);
                    assertThat(refusal.problem().detail()).contains("3 credits per day");
                });
        // other tasks are not held to that task's budget
        assertThat(gate.reserve(tenant, "retrieval", Budget.of(100, 0)).await().atMost(WAIT).holdsNothing())
                .isTrue();
    }

    private static QuotaGate gate(Map<String, QuotaLimits> definition) {
        TestQuotaConfig config = TestQuotaConfig.closed();
        return new QuotaGate(config, new QuotaDefinitions(config, tenant -> Uni.createFrom().item(definition)),
                counters);
    }

    /** Starts {@code callers} reservations at once; how many were reserved. */
    private static long reserved(List<QuotaScope> scopes, Budget amount, int callers) throws Exception {
        return Concurrently.run(callers, i -> () -> counters.reserve(scopes, amount).await().atMost(WAIT).reserved())
                .stream().filter(Boolean::booleanValue).count();
    }

    private static QuotaScope budget(String tenant, String task, Long dailyCredits, Long dailyGpuSeconds) {
        return new QuotaScope(tenant, task, new QuotaLimits(null, null, dailyCredits, dailyGpuSeconds));
    }
}
