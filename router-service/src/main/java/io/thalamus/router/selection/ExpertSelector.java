package io.thalamus.router.selection;

import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.thalamus.api.expert.Capacity;
import io.thalamus.api.registry.RegisteredExpert;
import io.thalamus.api.routing.Alternative;
import io.thalamus.api.routing.Constraints;
import io.thalamus.api.routing.DomainFit;
import io.thalamus.api.routing.LatencyInputs;
import io.thalamus.api.routing.ScoreTerms;
import io.thalamus.api.routing.Tradeoff;
import io.thalamus.api.task.Modality;
import io.thalamus.api.task.TaskId;
import io.thalamus.router.directory.ExpertDirectory;
import io.thalamus.router.domain.DomainRouting;
import io.thalamus.router.feedback.LearnedQuality;
import io.thalamus.router.health.CircuitBreaker;
import io.thalamus.router.health.CircuitBreakers;
import io.thalamus.router.health.InFlightCalls;
import io.thalamus.router.health.ObservedLatency;
import io.thalamus.router.quality.QuestionQuality;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Ranks the experts that can serve a request by
 * {@code quality − λ·credits − μ·expectedLatencySeconds} under the request's hard constraints, from the in-memory
 * directory and what this router observed of each expert (no registry call). Quality is the registered prior moved
 * by feedback ({@link LearnedQuality}), expected latency is {@link LatencyEstimate}. Near-ties are spread by load
 * ({@link NearTieSpreader}). For tasks routed by domain (retrieval), {@code ω·domainFit} is added: how close the
 * request is to the centroid of each expert's pilot queries ({@link DomainRouting}). For tasks judged question by
 * question (vqa), an expert's quality is the one predicted for this request from scored examples of its model
 * ({@link QuestionQuality}).
 */
@ApplicationScoped
public class ExpertSelector {

    private final ExpertDirectory directory;
    private final SelectionConfig config;
    private final LearnedQuality learnedQuality;
    private final ObservedLatency observedLatency;
    private final InFlightCalls inFlight;
    private final CircuitBreakers breakers;
    private final NearTieSpreader tieSpreader;
    private final DomainRouting domains;
    private final QuestionQuality questionQuality;

    @Inject
    public ExpertSelector(ExpertDirectory directory, SelectionConfig config, LearnedQuality learnedQuality,
                          ObservedLatency observedLatency, InFlightCalls inFlight, CircuitBreakers breakers,
                          DomainRouting domains, QuestionQuality questionQuality) {
        this(directory, config, learnedQuality, observedLatency, inFlight, breakers,
                new NearTieSpreader(RandomGenerator.getDefault()), domains, questionQuality);
    }

    public ExpertSelector(ExpertDirectory directory, SelectionConfig config, LearnedQuality learnedQuality,
                          ObservedLatency observedLatency, InFlightCalls inFlight, CircuitBreakers breakers,
                          NearTieSpreader tieSpreader) {
        this(directory, config, learnedQuality, observedLatency, inFlight, breakers, tieSpreader,
                DomainRouting.off(), null);
    }

    /** @param questionQuality null when no task is judged question by question */
    public ExpertSelector(ExpertDirectory directory, SelectionConfig config, LearnedQuality learnedQuality,
                          ObservedLatency observedLatency, InFlightCalls inFlight, CircuitBreakers breakers,
                          NearTieSpreader tieSpreader, DomainRouting domains, QuestionQuality questionQuality) {
        this.domains = domains;
        this.questionQuality = questionQuality;
        this.directory = directory;
        this.config = config;
        this.learnedQuality = learnedQuality;
        this.observedLatency = observedLatency;
        this.inFlight = inFlight;
        this.breakers = breakers;
        this.tieSpreader = tieSpreader;
    }

    /** Selects without a request text (no domain fit). */
    public Selection select(TaskId task, Set<Modality> modalities, Constraints constraints, Tradeoff tradeoff) {
        return select(task, modalities, constraints, tradeoff, null);
    }

    /** @param text the request's text, which domain fit is measured on; null for none */
    @WithSpan("ExpertSelector.select")
    public Selection select(TaskId task, Set<Modality> modalities, Constraints constraints, Tradeoff tradeoff,
                            String text) {
        double lambda = tradeoff != null && tradeoff.costWeight() != null ? tradeoff.costWeight() : config.costWeight();
        double mu = tradeoff != null && tradeoff.latencyWeight() != null ? tradeoff.latencyWeight() : config.latencyWeight();

        List<Candidate> ranked = new ArrayList<>();
        List<Alternative> excluded = new ArrayList<>();
        List<RegisteredExpert> experts = directory.expertsFor(task);
        Map<String, DomainFit> fits = domains.fits(task, text, experts);
        QuestionQuality.Predictor predictor = questionQuality != null && text != null && !experts.isEmpty()
                && questionQuality.judges(task) ? questionQuality.forRequest(task, text) : null;
        for (RegisteredExpert expert : experts) {
            ScoreTerms terms = score(expert, task, lambda, mu);
            DomainFit fit = fits.get(expert.id());
            if (fit != null) {
                terms = terms.withDomainFit(fit);
            }
            if (predictor != null) {
                terms = predictor.fit(expert.descriptor().modelId(), terms.quality()).map(terms::withQuestionFit)
                        .orElse(terms);
            }
            String exclusion = exclusionReason(expert, modalities, constraints, terms);
            if (exclusion == null) {
                ranked.add(new Candidate(expert, terms));
            } else {
                excluded.add(new Alternative(expert.id(), terms, exclusion));
            }
        }
        ranked.sort(Comparator.comparingDouble((Candidate c) -> c.terms().score()).reversed()
                .thenComparing(Candidate::expertId));
        NearTieSpreader.Spread spread = tieSpreader.spread(ranked, config.tieEpsilon());
        return new Selection(spread.ranked(), List.copyOf(excluded), spread.notes());
    }

    private ScoreTerms score(RegisteredExpert expert, TaskId task, double lambda, double mu) {
        LearnedQuality.Estimate quality = learnedQuality.estimate(expert.id(), task, expert.descriptor().qualityFor(task));
        double credits = expert.descriptor().cost() == null ? 0 : expert.descriptor().cost().creditsPerRequest();
        LatencyInputs latency = LatencyEstimate.of(expert, observedLatency.of(expert.id()), inFlight.of(expert.id()));
        double latencyMs = LatencyEstimate.expectedMs(latency);
        double score = quality.quality() - lambda * credits - mu * latencyMs / 1000.0;
        return new ScoreTerms(quality.quality(), credits, latencyMs, score, quality.prior(), quality.feedbackCount(),
                lambda, mu, latency);
    }

    private String exclusionReason(RegisteredExpert expert, Set<Modality> modalities,
                                   Constraints constraints, ScoreTerms terms) {
        if (!expert.state().routable()) {
            return "state " + expert.state();
        }
        Set<Modality> accepted = expert.descriptor().inputModalities();
        if (accepted != null && !accepted.containsAll(modalities)) {
            return "does not accept " + modalities + " (accepts " + accepted + ")";
        }
        CircuitBreaker breaker = breakers.of(expert.id());
        if (!breaker.admitsCalls()) {
            return breaker.state() == CircuitBreaker.State.OPEN ? "circuit open"
                    : "circuit half-open, trial call in progress";
        }
        LatencyInputs load = terms.latencyInputs();
        Capacity capacity = expert.descriptor().capacity();
        // each of the expert's concurrent slots runs a batch of up to maxBatch requests
        if (capacity != null && load.inFlight() >= (long) capacity.maxConcurrency() * capacity.maxBatch()) {
            return "at capacity (" + load.inFlight() + " in flight; maxConcurrency " + capacity.maxConcurrency()
                    + " × maxBatch " + capacity.maxBatch() + ")";
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
