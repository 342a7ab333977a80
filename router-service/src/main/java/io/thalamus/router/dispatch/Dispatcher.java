package io.thalamus.router.dispatch;

import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;
import io.thalamus.api.invoke.InvokeRequest;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.router.health.CircuitBreaker;
import io.thalamus.router.health.CircuitBreakers;
import io.thalamus.router.health.InFlightCalls;
import io.thalamus.router.health.ObservedLatency;
import io.thalamus.router.selection.Candidate;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calls the ranked experts in order, each through the adapter for its protocol, until one answers or the attempts,
 * the candidates or the deadline run out.
 *
 * <p>Retry rule: a failed call is tried again on the next-best expert (up to {@code maxAttempts} calls in all, within
 * the deadline) when it is safe to run the work again:
 * <ul>
 *   <li>always when the request never reached the expert (connection refused or timed out), or the expert answered
 *       503 (draining or queue full: it did not start the work);</li>
 *   <li>after a timeout, a connection lost before any answer, or another 5xx, only for idempotent tasks: the expert
 *       may still be doing the work, and tasks in {@code nonIdempotentTasks} (text-to-image by default) must not
 *       run twice;</li>
 *   <li>never once a successful answer started (a 2xx broke off, ran out of time or was unreadable): the expert
 *       produced a result, which is reported as failed rather than produced again;</li>
 *   <li>never after a 4xx: the input is at fault, and the expert's problem goes back to the caller as it is.</li>
 * </ul>
 * Each attempt that another could follow gets {@code attemptShare} of the time left, so a hanging expert leaves time
 * for the next. Every outcome feeds the expert's circuit breaker, latency average and in-flight count; an expert
 * whose breaker refuses the call is passed over without counting as an attempt.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    private final ExpertAdapters adapters;
    private final DispatchConfig config;
    private final CircuitBreakers breakers;
    private final ObservedLatency observedLatency;
    private final InFlightCalls inFlight;

    public Dispatcher(ExpertAdapters adapters, DispatchConfig config, CircuitBreakers breakers,
                      ObservedLatency observedLatency, InFlightCalls inFlight) {
        this.adapters = adapters;
        this.config = config;
        this.breakers = breakers;
        this.observedLatency = observedLatency;
        this.inFlight = inFlight;
    }

    /** What one dispatch went through so far. */
    private record Progress(InvokeRequest request, List<Candidate> ranked, Context trace, boolean idempotent,
                            List<String> attempts, Map<String, String> passedOver) {
    }

    @WithSpan("Dispatcher.dispatch")
    public Uni<Dispatched> dispatch(InvokeRequest request, List<Candidate> ranked) {
        boolean idempotent = !config.nonIdempotentTasks().contains(request.task().value());
        return attempt(new Progress(request, ranked, Context.current(), idempotent, new ArrayList<>(),
                new LinkedHashMap<>()), 0, null);
    }

    private Uni<Dispatched> attempt(Progress progress, int from, ExpertCallException lastFailure) {
        int index = from;
        while (index < progress.ranked().size() && !breakers.of(progress.ranked().get(index).expertId()).tryAcquire()) {
            progress.passedOver().put(progress.ranked().get(index).expertId(), "circuit open at dispatch");
            index++;
        }
        if (index >= progress.ranked().size()) {
            return Uni.createFrom().failure(lastFailure == null
                    ? new ProblemException(Problem.of(ProblemType.NO_EXPERT,
                            "Every candidate's circuit breaker is open").with("passedOver", Map.copyOf(progress.passedOver())))
                    : giveUp(lastFailure, progress));
        }
        Candidate candidate = progress.ranked().get(index);
        CircuitBreaker breaker = breakers.of(candidate.expertId());
        Duration remaining = Duration.between(Instant.now(), progress.request().deadline());
        if (remaining.isNegative() || remaining.isZero()) {
            breaker.onAbandon();
            return Uni.createFrom().failure(new ProblemException(Problem.of(ProblemType.DEADLINE_EXCEEDED,
                    "The deadline passed after trying " + progress.attempts()).with("attempts", List.copyOf(progress.attempts()))));
        }
        boolean anotherMayFollow = progress.attempts().size() + 1 < config.maxAttempts() && index + 1 < progress.ranked().size();
        Duration budget = anotherMayFollow
                ? Duration.ofNanos(Math.max(1, (long) (remaining.toNanos() * config.attemptShare()))) : remaining;

        String expertId = candidate.expertId();
        progress.attempts().add(expertId);
        inFlight.started(expertId);
        long startedNanos = System.nanoTime();
        ExpertAdapter adapter = adapters.forProtocol(candidate.expert().descriptor().protocol());
        int next = index + 1;
        return Uni.createFrom().deferred(() -> adapter.invoke(candidate.expert().descriptor(), progress.request(),
                        budget, progress.trace()))
                .onItem().invoke(response -> {
                    breaker.onSuccess();
                    observedLatency.record(expertId, (System.nanoTime() - startedNanos) / 1e6);
                })
                .onFailure().invoke(failure -> judge(breaker, expertId, failure, startedNanos))
                .onCancellation().invoke(breaker::onAbandon)
                .onTermination().invoke(() -> inFlight.finished(expertId))
                .map(response -> new Dispatched(candidate, response, List.copyOf(progress.attempts()),
                        Map.copyOf(progress.passedOver())))
                .onFailure().recoverWithUni(failure -> {
                    if (!(failure instanceof ExpertCallException call)) {
                        return Uni.createFrom().failure(failure);
                    }
                    progress.passedOver().put(expertId, "failed during dispatch: " + call.getMessage());
                    boolean retry = retryable(call, progress.idempotent())
                            && progress.attempts().size() < config.maxAttempts()
                            && next < progress.ranked().size()
                            && Instant.now().isBefore(progress.request().deadline());
                    LOG.warnf("Expert %s failed for request %s (%s: %s)%s", expertId, progress.request().requestId(),
                            call.kind(), call.getMessage(), retry ? ", trying the next-best expert" : "");
                    return retry ? attempt(progress, next, call) : Uni.createFrom().failure(giveUp(call, progress));
                });
    }

    /** Feeds a failed call to the expert's breaker and latency average. */
    private void judge(CircuitBreaker breaker, String expertId, Throwable failure, long startedNanos) {
        if (!(failure instanceof ExpertCallException call)) {
            breaker.onAbandon();
            return;
        }
        switch (call.kind()) {
            case ERROR_STATUS -> {
                if (call.status() >= 500) {
                    breaker.onFailure();
                } else if (call.status() == 429) {
                    breaker.onAbandon();
                } else {
                    breaker.onSuccess(); // the expert is up; the input was at fault
                }
            }
            case TIMEOUT -> {
                breaker.onFailure();
                // the call took at least this long: a slow expert's average should show it
                observedLatency.record(expertId, (System.nanoTime() - startedNanos) / 1e6);
            }
            default -> breaker.onFailure();
        }
    }

    static boolean retryable(ExpertCallException failure, boolean idempotent) {
        return switch (failure.kind()) {
            case CONNECT_FAILED -> true;
            case ERROR_STATUS -> failure.status() == 503 || failure.status() >= 500 && idempotent;
            case TIMEOUT, NO_RESPONSE -> idempotent;
            case PARTIAL_RESULT, INVALID_RESULT -> false;
        };
    }

    private static ProblemException giveUp(ExpertCallException failure, Progress progress) {
        List<String> attempts = List.copyOf(progress.attempts());
        Map<String, String> failures = Map.copyOf(progress.passedOver());
        if (failure.kind() == ExpertCallException.Kind.ERROR_STATUS && failure.status() < 500) {
            if (failure.problem() != null) {
                return new ProblemException(failure.problem());
            }
            return new ProblemException(Problem.of(ProblemType.INVALID_REQUEST,
                    "Expert " + attempts.get(attempts.size() - 1) + " refused the request: " + failure.getMessage()));
        }
        if (failure.kind() == ExpertCallException.Kind.TIMEOUT) {
            return new ProblemException(Problem.of(ProblemType.DEADLINE_EXCEEDED,
                            "No answer in time from " + attempts)
                    .with("attempts", attempts).with("failures", failures));
        }
        return new ProblemException(Problem.of(ProblemType.EXPERT_FAILED,
                        "Every expert tried failed: " + attempts + " (last: " + failure.getMessage() + ")")
                .with("attempts", attempts).with("failures", failures));
    }
}
