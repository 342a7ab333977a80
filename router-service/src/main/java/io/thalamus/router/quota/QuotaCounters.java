package io.thalamus.router.quota;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The request counters in Redis, shared by every router replica. Each check is one Lua script run (EVALSHA, EVAL
 * when Redis does not know the script yet), so concurrent requests on any replica see each other exactly:
 * a sliding window (sorted set of admission times) per scope for requests per minute, and a sorted set of leases
 * (expiry times) per scope for concurrent requests.
 */
@ApplicationScoped
public class QuotaCounters {

    static final long WINDOW_MS = 60_000;

    private static final Script ACQUIRE = Script.load("quota/acquire.lua");
    private static final Script RELEASE = Script.load("quota/release.lua");
    private static final Script RESERVE = Script.load("quota/reserve.lua");
    private static final Script SETTLE = Script.load("quota/settle.lua");
    /** Budget counters outlive their day by one, so a late settlement still finds its reservation. */
    private static final long BUDGET_TTL_MS = 2 * 86_400_000L;

    private final ReactiveRedisDataSource redis;
    private final QuotaConfig config;

    public QuotaCounters(ReactiveRedisDataSource redis, QuotaConfig config) {
        this.redis = redis;
        this.config = config;
    }

    /** Counts the request under {@code lease} in every scope, or in none when one of them is exhausted. */
    public Uni<Admission> acquire(List<QuotaScope> scopes, String lease) {
        List<String> keys = new ArrayList<>(scopes.size() * 2);
        List<String> args = new ArrayList<>(List.of(lease, Long.toString(WINDOW_MS),
                Long.toString(config.leaseTtl().toMillis())));
        for (QuotaScope scope : scopes) {
            keys.add(scope.rateKey());
            keys.add(scope.concurrencyKey());
            args.add(limitArg(scope.limits().requestsPerMinute()));
            args.add(limitArg(scope.limits().concurrentRequests()));
        }
        return run(ACQUIRE, keys, args).map(reply -> {
            if (reply.get(0).toInteger() == 1) {
                return new Admission(true, null, null, reply.get(1).toLong(), reply.get(2).toLong(),
                        reply.get(3).toLong());
            }
            QuotaScope refusing = scopes.get(reply.get(1).toInteger() - 1);
            return new Admission(false, refusing, reply.get(2).toString(), reply.get(3).toLong(), 0,
                    reply.get(4).toLong());
        });
    }

    /** Gives back the request's concurrency slots. */
    public Uni<Void> release(List<QuotaScope> scopes, String lease) {
        List<String> keys = scopes.stream().filter(scope -> scope.limits().concurrentRequests() != null)
                .map(QuotaScope::concurrencyKey).toList();
        if (keys.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return run(RELEASE, keys, List.of(lease)).replaceWithVoid();
    }

    /**
     * Reserves {@code amount} in today's budget of every scope with a daily limit, or in none when one of them
     * would be exceeded.
     */
    public Uni<BudgetAdmission> reserve(List<QuotaScope> scopes, Budget amount) {
        List<String> keys = new ArrayList<>(scopes.size());
        List<String> args = new ArrayList<>(List.of(Long.toString(amount.microCredits()),
                Long.toString(amount.gpuMillis()), Long.toString(BUDGET_TTL_MS)));
        for (QuotaScope scope : scopes) {
            keys.add(scope.budgetKey());
            QuotaLimits limits = scope.limits();
            args.add(limits.dailyCredits() == null ? "-1" : Long.toString(Budget.micro(limits.dailyCredits())));
            args.add(limits.dailyGpuSeconds() == null ? "-1" : Long.toString(limits.dailyGpuSeconds() * 1000));
        }
        return run(RESERVE, keys, args).map(reply -> {
            if (reply.get(0).toInteger() == 1) {
                return BudgetAdmission.reserved(reply.get(1).toLong());
            }
            QuotaScope refusing = scopes.get(reply.get(1).toInteger() - 1);
            String measure = reply.get(2).toString();
            long limit = "daily-credits".equals(measure) ? refusing.limits().dailyCredits()
                    : refusing.limits().dailyGpuSeconds();
            return BudgetAdmission.refused(new Admission(false, refusing, measure, limit, 0, reply.get(4).toLong()));
        });
    }

    /** Adds {@code correction} (negative to give back) to the budgets reserved in on {@code day}. */
    public Uni<Void> settle(List<QuotaScope> scopes, long day, Budget correction) {
        List<String> keys = scopes.stream().map(QuotaScope::budgetKey).toList();
        return run(SETTLE, keys, List.of(Long.toString(day), Long.toString(correction.microCredits()),
                Long.toString(correction.gpuMillis()))).replaceWithVoid();
    }

    /** What the scope has spent (or holds reserved) today, by Redis's day. */
    public Uni<Budget> spentToday(QuotaScope scope) {
        return redis.execute("TIME").chain(time -> {
            long day = time.get(0).toLong() / 86_400L;
            return redis.execute("HMGET", scope.budgetKey() + ":" + day, "credits", "gpu");
        }).map(reply -> new Budget(asLong(reply.get(0)), asLong(reply.get(1))));
    }

    private static long asLong(Response value) {
        return value == null ? 0 : value.toLong();
    }

    private Uni<Response> run(Script script, List<String> keys, List<String> args) {
        return redis.execute("EVALSHA", script.command(script.sha1, keys, args))
                .onFailure(failure -> String.valueOf(failure.getMessage()).startsWith("NOSCRIPT"))
                .recoverWithUni(() -> redis.execute("EVAL", script.command(script.source, keys, args)));
    }

    private static String limitArg(Number limit) {
        return limit == null ? "-1" : limit.toString();
    }

    private record Script(String source, String sha1) {

        static Script load(String resource) {
            try (InputStream in = QuotaCounters.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + resource);
                }
                String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
                return new Script(source, HexFormat.of().formatHex(digest));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The arguments of EVAL/EVALSHA: script (or its digest), key count, keys, arguments. */
        String[] command(String scriptOrDigest, List<String> keys, List<String> args) {
            List<String> all = new ArrayList<>(2 + keys.size() + args.size());
            all.add(scriptOrDigest);
            all.add(Integer.toString(keys.size()));
            all.addAll(keys);
            all.addAll(args);
            return all.toArray(String[]::new);
        }
    }
}
