package io.thalamus.router.dispatch;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import io.thalamus.api.invoke.InvokeRequest;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.router.selection.Candidate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Calls the best expert within the request's deadline; on a connection failure, a 5xx or a timeout it
 * tries the next-best expert once, if time is left. An expert's 4xx answer (bad input) is returned to
 * the caller as it is: another expert would refuse it too.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    private final ExpertClients clients;
    private final DispatchConfig config;

    public Dispatcher(ExpertClients clients, DispatchConfig config) {
        this.clients = clients;
        this.config = config;
    }

    @WithSpan("Dispatcher.dispatch")
    public Uni<Dispatched> dispatch(InvokeRequest request, List<Candidate> ranked) {
        return attempt(request, ranked, 0, new ArrayList<>());
    }

    private Uni<Dispatched> attempt(InvokeRequest request, List<Candidate> ranked, int index, List<String> attempts) {
        Candidate candidate = ranked.get(index);
        Duration remaining = Duration.between(Instant.now(), request.deadline());
        if (remaining.isNegative() || remaining.isZero()) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.DEADLINE_EXCEEDED,
                    "The deadline passed after trying " + attempts));
        }
        attempts.add(candidate.expertId());
        return clients.forEndpoint(candidate.expert().descriptor().endpoint())
                .invoke(request)
                .ifNoItem().after(remaining).fail()
                .map(response -> new Dispatched(candidate, response, List.copyOf(attempts)))
                .onFailure().recoverWithUni(failure -> {
                    DispatchFailure classified = classify(candidate.expertId(), failure);
                    boolean canRetry = classified.retryable() && index + 1 < ranked.size()
                            && attempts.size() < config.maxAttempts()
                            && Instant.now().isBefore(request.deadline());
                    LOG.warnf("Expert %s failed for request %s (%s)%s", candidate.expertId(), request.requestId(),
                            describe(failure), canRetry ? ", trying " + ranked.get(index + 1).expertId() : "");
                    if (canRetry) {
                        return attempt(request, ranked, index + 1, attempts);
                    }
                    return Uni.createFrom().failure(asProblem(classified, attempts));
                });
    }

    private static DispatchFailure classify(String expertId, Throwable failure) {
        if (failure instanceof WebApplicationException web) {
            return new DispatchFailure(expertId, web.getResponse().getStatus() >= 500, failure);
        }
        boolean transport = failure instanceof TimeoutException || failure instanceof ProcessingException
                || failure instanceof java.net.ConnectException || failure instanceof java.io.IOException
                || failure.getCause() instanceof java.net.ConnectException;
        return new DispatchFailure(expertId, transport, failure);
    }

    private static ProblemException asProblem(DispatchFailure failure, List<String> attempts) {
        if (failure.cause() instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            Problem expertProblem = readProblem(web);
            if (expertProblem != null) {
                return new ProblemException(expertProblem);
            }
        }
        if (failure.cause() instanceof TimeoutException) {
            return new ProblemException(Problem.of(ProblemType.DEADLINE_EXCEEDED,
                    "No answer within the deadline from " + attempts).with("attempts", List.copyOf(attempts)));
        }
        return new ProblemException(Problem.of(ProblemType.EXPERT_FAILED,
                "Every expert tried failed: " + attempts + " (last: " + describe(failure.cause()) + ")")
                .with("attempts", List.copyOf(attempts)));
    }

    private static Problem readProblem(WebApplicationException web) {
        try {
            return web.getResponse().readEntity(Problem.class);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private static String describe(Throwable failure) {
        if (failure instanceof WebApplicationException web) {
            return "HTTP " + web.getResponse().getStatus();
        }
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }
}
