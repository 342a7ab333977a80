package io.thalamus.router.quota;

import io.smallrye.mutiny.Uni;
import io.thalamus.testkit.TestServers;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Cost of the quota check per request against a real Redis (test kit), one request at a time, for tenants whose
 * limits never refuse: {@link QuotaGate#admit} plus {@link QuotaPermit#release} (request limits), the same plus
 * {@link QuotaGate#reserve} and {@link QuotaGate#settle} (request limits and a daily credit budget), and the same
 * gate for a tenant without limits (no Redis call) as the baseline. Prints p50/p99 of each and the ratios.
 *
 * <pre>QuotaBenchmark [requests=20000] [warmup=5000]</pre>
 */
public final class QuotaBenchmark {

    private QuotaBenchmark() {
    }

    public static void main(String[] args) {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        TestQuotaConfig config = TestQuotaConfig.closed();
        QuotaLimits limited = new QuotaLimits(10_000_000, 1_000, null, null);
        QuotaLimits budgeted = new QuotaLimits(10_000_000, 1_000, 1_000_000_000L, null);
        try (RedisClients clients = new RedisClients()) {
            QuotaDefinitions definitions = new QuotaDefinitions(config, tenant -> Uni.createFrom().item(
                    switch (tenant) {
                        case "limited" -> Map.of(QuotaScope.ALL_TASKS, limited);
                        case "budgeted" -> Map.of(QuotaScope.ALL_TASKS, budgeted);
                        default -> Map.of();
                    }));
            QuotaGate gate = new QuotaGate(config, definitions,
                    new QuotaCounters(clients.connect(TestServers.redis().url()), config));
            long[] with = new long[requests];
            long[] withBudget = new long[requests];
            long[] without = new long[requests];
            for (int i = 0; i < warmup; i++) {
                check(gate, "limited");
                checkWithBudget(gate);
                check(gate, "unlimited");
            }
            for (int i = 0; i < requests; i++) {
                with[i] = check(gate, "limited");
                withBudget[i] = checkWithBudget(gate);
                without[i] = check(gate, "unlimited");
            }
            Arrays.sort(with);
            Arrays.sort(withBudget);
            Arrays.sort(without);
            System.out.printf(Locale.ROOT, "quota check, %d requests after %d warm-up, one at a time%n", requests,
                    warmup);
            System.out.printf(Locale.ROOT, "with limits (Redis):  p50 %.3f ms  p99 %.3f ms%n", ms(with, 0.50),
                    ms(with, 0.99));
            System.out.printf(Locale.ROOT, "with a daily budget:  p50 %.3f ms  p99 %.3f ms%n", ms(withBudget, 0.50),
                    ms(withBudget, 0.99));
            System.out.printf(Locale.ROOT, "without limits:       p50 %.3f ms  p99 %.3f ms%n", ms(without, 0.50),
                    ms(without, 0.99));
            System.out.printf(Locale.ROOT, "ratio with/without:   p50 %.1fx  p99 %.1fx%n",
                    ms(with, 0.50) / ms(without, 0.50), ms(with, 0.99) / ms(without, 0.99));
        }
        System.exit(0);
    }

    private static long check(QuotaGate gate, String tenant) {
        long start = System.nanoTime();
        gate.admit(tenant, "retrieval").chain(QuotaPermit::release).await().indefinitely();
        return System.nanoTime() - start;
    }

    /** The request limits plus a reservation of the expected cost settled with a slightly different actual one. */
    private static long checkWithBudget(QuotaGate gate) {
        long start = System.nanoTime();
        gate.admit("budgeted", "retrieval").chain(permit -> gate.reserve("budgeted", "retrieval", Budget.of(0.001, 20))
                .chain(reservation -> gate.settle(reservation, Budget.of(0.0012, 25)))
                .chain(permit::release)).await().indefinitely();
        return System.nanoTime() - start;
    }

    /** Nearest-rank percentile of sorted nanoseconds, in milliseconds. */
    private static double ms(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
