package io.thalamus.router.quota;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.UUID;

/**
 * Admits a request against its tenant's quotas before it runs: requests per minute and concurrent requests, for
 * the tenant and for the request's task. The caller releases the permit when the request ends, however it ends.
 */
@ApplicationScoped
public class QuotaGate {

    private static final Logger LOG = Logger.getLogger(QuotaGate.class);

    private final QuotaConfig config;
    private final QuotaDefinitions definitions;
    private final QuotaCounters counters;

    public QuotaGate(QuotaConfig config, QuotaDefinitions definitions, QuotaCounters counters) {
        this.config = config;
        this.definitions = definitions;
        this.counters = counters;
    }

    /** A permit, or a failure: {@link QuotaExceededException} (429), or 503 when Redis fails and quotas fail closed. */
    @WithSpan("QuotaGate.admit")
    public Uni<QuotaPermit> admit(String tenant, String task) {
        if (!config.enabled()) {
            return Uni.createFrom().item(QuotaPermit.UNCOUNTED);
        }
        return definitions.of(tenant).chain(quotas -> {
            List<QuotaScope> scopes = quotas.scopesFor(task).stream()
                    .filter(scope -> scope.limits().limitsRequests()).toList();
            if (scopes.isEmpty()) {
                return Uni.createFrom().item(QuotaPermit.UNCOUNTED);
            }
            String lease = UUID.randomUUID().toString();
            return counters.acquire(scopes, lease)
                    .ifNoItem().after(config.redisTimeout()).fail()
                    .onFailure().recoverWithUni(failure -> redisFailed(failure, tenant))
                    .map(admission -> {
                        if (!admission.admitted()) {
                            throw new QuotaExceededException(admission);
                        }
                        if (admission == Admission.UNCOUNTED) {
                            return QuotaPermit.UNCOUNTED;
                        }
                        return new QuotaPermit(admission, () -> counters.release(scopes, lease)
                                .ifNoItem().after(config.redisTimeout()).fail()
                                .onFailure().invoke(failure -> LOG.warnf("Could not release a concurrency slot of "
                                        + "tenant '%s' (it expires with its lease): %s", tenant, failure.toString()))
                                .onFailure().recoverWithNull());
                    });
        });
    }

    /**
     * Reserves the request's expected usage in its tenant's daily budgets (credits, GPU time) before dispatch; a
     * failure is {@link QuotaExceededException} (429) or, when Redis fails and quotas fail closed, a 503. Every
     * reservation is then {@link #settle settled} with the actual usage or {@link #refund refunded}.
     */
    @WithSpan("QuotaGate.reserve")
    public Uni<Reservation> reserve(String tenant, String task, Budget expected) {
        if (!config.enabled()) {
            return Uni.createFrom().item(Reservation.NONE);
        }
        return definitions.of(tenant).chain(quotas -> {
            List<QuotaScope> scopes = quotas.scopesFor(task).stream()
                    .filter(scope -> scope.limits().limitsBudget()).toList();
            if (scopes.isEmpty()) {
                return Uni.createFrom().item(Reservation.NONE);
            }
            return counters.reserve(scopes, expected)
                    .ifNoItem().after(config.redisTimeout()).fail()
                    .map(admission -> {
                        if (!admission.reserved()) {
                            throw new QuotaExceededException(admission.refusal());
                        }
                        return new Reservation(tenant, scopes.stream().map(QuotaScope::task).toList(),
                                admission.day(), expected);
                    })
                    .onFailure(failure -> !(failure instanceof QuotaExceededException))
                    .recoverWithUni(failure -> redisFailed(failure, tenant).replaceWith(Reservation.NONE));
        });
    }

    /** Corrects the reservation to what the request used. Never fails: a lost correction is logged. */
    public Uni<Void> settle(Reservation reservation, Budget used) {
        return correct(reservation, used.minus(reservation.reserved()));
    }

    /** Gives the whole reservation back (the request failed and is not charged). Never fails. */
    public Uni<Void> refund(Reservation reservation) {
        return correct(reservation, reservation.reserved().negate());
    }

    private Uni<Void> correct(Reservation reservation, Budget correction) {
        if (reservation.holdsNothing() || correction.equals(Budget.ZERO)) {
            return Uni.createFrom().voidItem();
        }
        return counters.settle(reservation.scopes(), reservation.day(), correction)
                .ifNoItem().after(config.redisTimeout()).fail()
                .onFailure().invoke(failure -> LOG.warnf("Could not settle a budget reservation of tenant '%s' "
                        + "(it stays at the reserved amount): %s", reservation.tenant(), failure.toString()))
                .onFailure().recoverWithNull();
    }

    /**
     * The tenant's tenant-wide daily budgets today, from the counters (spending included that running requests
     * hold reserved); null when the tenant has no daily limit (nothing is counted then). Fails (503) when Redis
     * cannot answer.
     */
    public Uni<DailyBalance> balance(String tenant) {
        return definitions.of(tenant).chain(quotas -> {
            QuotaScope tenantWide = quotas.scopesFor(null).get(0);
            if (!config.enabled() || !tenantWide.limits().limitsBudget()) {
                return Uni.createFrom().nullItem();
            }
            return counters.spentToday(tenantWide)
                    .ifNoItem().after(config.redisTimeout()).fail()
                    .onFailure().transform(failure -> new ProblemException(ProblemType.QUOTA_UNAVAILABLE,
                            "Today's spending cannot be read right now; retry shortly"))
                    .map(spent -> DailyBalance.of(spent, tenantWide.limits()));
        });
    }

    private Uni<Admission> redisFailed(Throwable failure, String tenant) {
        if (config.redisFailure() == QuotaConfig.RedisFailure.OPEN) {
            LOG.warnf("Quota counters unreachable, admitting tenant '%s' uncounted (fail open): %s", tenant,
                    failure.toString());
            return Uni.createFrom().item(Admission.UNCOUNTED);
        }
        LOG.warnf("Quota counters unreachable, refusing tenant '%s' (fail closed): %s", tenant, failure.toString());
        return Uni.createFrom().failure(new ProblemException(ProblemType.QUOTA_UNAVAILABLE,
                "Quotas cannot be checked right now; retry shortly"));
    }
}
