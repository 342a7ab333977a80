package io.thalamus.router.selection;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.thalamus.api.registry.LoadReport;
import io.thalamus.api.registry.RegisteredExpert;
import io.thalamus.api.routing.Alternative;
import io.thalamus.api.routing.Constraints;
import io.thalamus.api.routing.ScoreTerms;
import io.thalamus.api.routing.Tradeoff;
import io.thalamus.api.task.Modality;
import io.thalamus.api.task.TaskId;
import io.thalamus.router.directory.ExpertDirectory;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Ranks the experts that can serve a request by
 * {@code quality − λ·credits − μ·expectedLatencySeconds} under the request's hard constraints.
 */
@ApplicationScoped
public class ExpertSelector {

    private final ExpertDirectory directory;
    private final SelectionConfig config;

    public ExpertSelector(ExpertDirectory directory, SelectionConfig config) {
        this.directory = directory;
        this.config = config;
    }

    @WithSpan("ExpertSelector.select")
    public Selection select(TaskId task, Set<Modality> modalities, Constraints constraints, Tradeoff tradeoff) {
        double lambda = tradeoff != null && tradeoff.costWeight() != null ? tradeoff.costWeight() : config.costWeight();
        double mu = tradeoff != null && tradeoff.latencyWeight() != null ? tradeoff.latencyWeight() : config.latencyWeight();

        List<Candidate> ranked = new ArrayList<>();
        List<Alternative> excluded = new ArrayList<>();
        for (RegisteredExpert expert : directory.expertsFor(task)) {
            ScoreTerms terms = score(expert, task, lambda, mu);
            String exclusion = exclusionReason(expert, modalities, constraints, terms);
            if (exclusion == null) {
                ranked.add(new Candidate(expert, terms));
            } else {
                excluded.add(new Alternative(expert.id(), terms, exclusion));
            }
        }
        ranked.sort(Comparator.comparingDouble((Candidate c) -> c.terms().score()).reversed()
                .thenComparing(Candidate::expertId));
        return new Selection(List.copyOf(ranked), List.copyOf(excluded));
    }

    private static ScoreTerms score(RegisteredExpert expert, TaskId task, double lambda, double mu) {
        double quality = expert.descriptor().qualityFor(task);
        double credits = expert.descriptor().cost() == null ? 0 : expert.descriptor().cost().creditsPerRequest();
        double latencyMs = expectedLatencyMs(expert);
        double score = quality - lambda * credits - mu * latencyMs / 1000.0;
        return new ScoreTerms(quality, credits, latencyMs, score);
    }

    /** Observed latency when the expert reports it, the declared p50 otherwise, stretched by its queue. */
    private static double expectedLatencyMs(RegisteredExpert expert) {
        LoadReport load = expert.load();
        double base = load != null && load.latencyP50Ms() > 0 ? load.latencyP50Ms()
                : expert.descriptor().latency() == null ? 0 : expert.descriptor().latency().p50Ms();
        int waiting = load == null ? 0 : load.queueDepth() + load.inFlight();
        int concurrency = expert.descriptor().capacity() == null ? 1
                : Math.max(1, expert.descriptor().capacity().maxConcurrency());
        return base * (1.0 + (double) waiting / concurrency);
    }

    private static String exclusionReason(RegisteredExpert expert, Set<Modality> modalities,
                                          Constraints constraints, ScoreTerms terms) {
        if (!expert.state().routable()) {
            return "state " + expert.state();
        }
        Set<Modality> accepted = expert.descriptor().inputModalities();
        if (accepted != null && !accepted.containsAll(modalities)) {
            return "does not accept " + modalities + " (accepts " + accepted + ")";
        }
        if (expert.descriptor().capacity() != null && expert.load() != null
                && expert.load().inFlight() >= expert.descriptor().capacity().maxConcurrency()) {
            return "at capacity (" + expert.load().inFlight() + " in flight)";
        }
        if (constraints.maxCredits() != null && terms.credits() > constraints.maxCredits()) {
            return "costs " + terms.credits() + " credits, above maxCredits " + constraints.maxCredits();
        }
        if (constraints.maxLatencyMs() != null && terms.expectedLatencyMs() > constraints.maxLatencyMs()) {
            return "expected latency " + Math.round(terms.expectedLatencyMs()) + " ms, above maxLatencyMs "
                    + constraints.maxLatencyMs();
        }
        if (constraints.minQuality() != null && terms.quality() < constraints.minQuality()) {
            return "quality " + terms.quality() + " below minQuality " + constraints.minQuality();
        }
        return null;
    }
}
