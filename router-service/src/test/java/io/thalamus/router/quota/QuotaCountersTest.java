package io.thalamus.router.quota;

import io.smallrye.mutiny.Uni;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.testkit.Await;
import io.thalamus.testkit.TestServers;
import io.thalamus.testkit.process.Ports;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Lua counters on a real Redis server, under concurrent callers. */
class QuotaCountersTest extends OnRealRedis {


    @Test
    void concurrentCallersGetExactlyTheConcurrencyLimit() throws Exception {
        List<QuotaScope> scopes = List.of(scope(tenant(), QuotaScope.ALL_TASKS, null, 5));
        List<String> admitted = admittedLeases(scopes, 40);
        assertThat(admitted).hasSize(5);

        for (String lease : admitted) {
            counters.release(scopes, lease).await().atMost(WAIT);
        }
        assertThat(admittedLeases(scopes, 40)).as("slots given back are taken again").hasSize(5);
    }

    @Test
    void concurrentCallersGetExactlyTheRequestsPerMinute() throws Exception {
        List<QuotaScope> scopes = List.of(scope(tenant(), QuotaScope.ALL_TASKS, 25, null));
        assertThat(admittedLeases(scopes, 64)).hasSize(25);

        Admission refused = counters.acquire(scopes, "late").await().atMost(WAIT);
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.measure()).isEqualTo("requests-per-minute");
        assertThat(refused.limit()).isEqualTo(25);
        assertThat(refused.resetMs()).isBetween(1L, QuotaCounters.WINDOW_MS);
    }

    @Test
    void remainingCountsDownToZero() {
        List<QuotaScope> scopes = List.of(scope(tenant(), QuotaScope.ALL_TASKS, 3, null));
        List<Long> remaining = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Admission admission = counters.acquire(scopes, "r" + i).await().atMost(WAIT);
            assertThat(admission.admitted()).isTrue();
            assertThat(admission.limit()).isEqualTo(3);
            remaining.add(admission.remaining());
        }
        assertThat(remaining).containsExactly(2L, 1L, 0L);
    }

    @Test
    void aTaskLimitRefusesThatTaskOnlyAndCountsNothingWhenItRefuses() {
        String tenant = tenant();
        QuotaScope tenantWide = scope(tenant, QuotaScope.ALL_TASKS, 5, null);
        List<QuotaScope> vqa = List.of(tenantWide, scope(tenant, "vqa", 2, null));
        List<QuotaScope> retrieval = List.of(tenantWide);

        assertThat(counters.acquire(vqa, "a").await().atMost(WAIT).admitted()).isTrue();
        assertThat(counters.acquire(vqa, "b").await().atMost(WAIT).admitted()).isTrue();
        Admission refused = counters.acquire(vqa, "c").await().atMost(WAIT);
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.scope().task()).isEqualTo("vqa");

        // the refused vqa request did not use the tenant's budget: 3 of 5 are left for other tasks
        assertThat(counters.acquire(retrieval, "d").await().atMost(WAIT).admitted()).isTrue();
        assertThat(counters.acquire(retrieval, "e").await().atMost(WAIT).admitted()).isTrue();
        assertThat(counters.acquire(retrieval, "f").await().atMost(WAIT).admitted()).isTrue();
        Admission tenantRefusal = counters.acquire(retrieval, "g").await().atMost(WAIT);
        assertThat(tenantRefusal.admitted()).isFalse();
        assertThat(tenantRefusal.scope().tenantWide()).isTrue();
    }

    @Test
    void aSlotNeverReleasedExpiresWithItsLease() {
        QuotaCounters shortLeases = new QuotaCounters(clients.connect(TestServers.redis().url()),
                TestQuotaConfig.closed().leasedFor(Duration.ofSeconds(5)));
        List<QuotaScope> scopes = List.of(scope(tenant(), QuotaScope.ALL_TASKS, null, 1));
        assertThat(shortLeases.acquire(scopes, "crashed").await().atMost(WAIT).admitted()).isTrue();
        assertThat(shortLeases.acquire(scopes, "next").await().atMost(WAIT).admitted()).isFalse();
        Await.until("the leaked slot expires", () -> shortLeases.acquire(scopes, "next").await().atMost(WAIT)
                .admitted());
    }

    @Test
    void unreachableRedisFailsClosedOrOpenAsConfigured() {
        String deadRedis = "redis://" + Ports.HOST + ":" + Ports.free();
        TestQuotaConfig closed = TestQuotaConfig.closed().withDefaults(10, 2);
        QuotaGate failClosed = new QuotaGate(closed, definitions(closed),
                new QuotaCounters(clients.connect(deadRedis), closed));
        assertThatThrownBy(() -> failClosed.admit(tenant(), "retrieval").await().atMost(WAIT))
                .isInstanceOfSatisfying(ProblemException.class, problem ->
                        assertThat(problem.problem().status()).isEqualTo(ProblemType.QUOTA_UNAVAILABLE.status()));

        TestQuotaConfig open = closed.failing(QuotaConfig.RedisFailure.OPEN);
        QuotaGate failOpen = new QuotaGate(open, definitions(open),
                new QuotaCounters(clients.connect(deadRedis), open));
        assertThat(failOpen.admit(tenant(), "retrieval").await().atMost(WAIT)).isSameAs(QuotaPermit.UNCOUNTED);
    }

    @Test
    void theGateRefusesWithTheQuotaAndReleasesOnRequest() {
        TestQuotaConfig config = TestQuotaConfig.closed().withDefaults(100, 1);
        QuotaGate gate = new QuotaGate(config, definitions(config), counters);
        String tenant = tenant();
        QuotaPermit permit = gate.admit(tenant, "retrieval").await().atMost(WAIT);
        assertThatThrownBy(() -> gate.admit(tenant, "retrieval").await().atMost(WAIT))
                .isInstanceOfSatisfying(QuotaExceededException.class, refusal -> {
                    assertThat(refusal.measure()).isEqualTo("concurrent-requests");
                    assertThat(refusal.limit()).isEqualTo(1);
                    assertThat(refusal.problem().extensions()).containsEntry("tenant", tenant);
                });
        permit.release().await().atMost(WAIT);
        assertThat(gate.admit(tenant, "retrieval").await().atMost(WAIT).admission().admitted()).isTrue();
    }

    /** Starts {@code callers} acquisitions at once; the leases that were admitted. */
    private static List<String> admittedLeases(List<QuotaScope> scopes, int callers) throws Exception {
        return Concurrently.run(callers, i -> {
            String lease = UUID.randomUUID().toString();
            return () -> counters.acquire(scopes, lease).await().atMost(WAIT).admitted() ? lease : null;
        }).stream().filter(Objects::nonNull).toList();
    }

    private static QuotaScope scope(String tenant, String task, Integer requestsPerMinute, Integer concurrent) {
        return new QuotaScope(tenant, task, new QuotaLimits(requestsPerMinute, concurrent, null, null));
    }

    private static QuotaDefinitions definitions(QuotaConfig config) {
        return new QuotaDefinitions(config, tenant -> Uni.createFrom().item(Map.of()));
    }
}
