package io.thalamus.api.routing;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The parts of an expert's selection score: {@code score = quality − costWeight·credits − latencyWeight·expectedLatencyMs/1000}
 * {@code + domainFit.weight·domainFit.fit} (the last term only for tasks routed by domain, e.g. retrieval).
 *
 * @param quality        predicted quality: the registered prior, moved by the feedback received so far; for tasks
 *                       whose experts are judged question by question, the {@link QuestionFit} prediction
 * @param qualityPrior   the prior the expert registered for the task
 * @param feedbackCount  feedback scores that moved the prior
 * @param costWeight     λ used for this request
 * @param latencyWeight  μ used for this request
 * @param latencyInputs  the live figures the expected latency was computed from
 * @param domainFit      how well the request fits the expert's domain; null for tasks not routed by domain
 * @param questionFit    the expert's quality predicted for this request; null when no scored examples exist
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScoreTerms(
        double quality,
        double credits,
        double expectedLatencyMs,
        double score,
        Double qualityPrior,
        Integer feedbackCount,
        Double costWeight,
        Double latencyWeight,
        LatencyInputs latencyInputs,
        DomainFit domainFit,
        QuestionFit questionFit) {

    public ScoreTerms(double quality, double credits, double expectedLatencyMs, double score) {
        this(quality, credits, expectedLatencyMs, score, null, null, null, null, null, null, null);
    }

    public ScoreTerms(double quality, double credits, double expectedLatencyMs, double score, Double qualityPrior,
                      Integer feedbackCount, Double costWeight, Double latencyWeight, LatencyInputs latencyInputs) {
        this(quality, credits, expectedLatencyMs, score, qualityPrior, feedbackCount, costWeight, latencyWeight,
                latencyInputs, null, null);
    }

    /** These terms with a domain fit, its term added to the score. */
    public ScoreTerms withDomainFit(DomainFit fit) {
        return new ScoreTerms(quality, credits, expectedLatencyMs, score + fit.term(), qualityPrior, feedbackCount,
                costWeight, latencyWeight, latencyInputs, fit, questionFit);
    }

    /** These terms with the quality predicted for the request in place of the general one. */
    public ScoreTerms withQuestionFit(QuestionFit fit) {
        return new ScoreTerms(fit.predicted(), credits, expectedLatencyMs, score - quality + fit.predicted(),
                qualityPrior, feedbackCount, costWeight, latencyWeight, latencyInputs, domainFit, fit);
    }
}
