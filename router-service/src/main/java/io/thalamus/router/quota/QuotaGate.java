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
