package io.thalamus.router.feedback;

import io.thalamus.api.task.TaskId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Predicted quality per expert and task, learnt online from feedback scores in [0, 1].
 *
 * <p>The registered prior q₀ is a Beta(w·q₀, w·(1−q₀)) belief worth {@code w = priorWeight} observations; each score
 * s adds s to α and 1−s to β. The prediction is the posterior mean {@code (w·q₀ + Σs) / (w + n)}. The prior is read
 * at prediction time, so a re-registered prior takes effect at once. Held in memory, per router replica.
 */
@ApplicationScoped
public class LearnedQuality {

    /** A prediction and what it is made of. */
    public record Estimate(double quality, double prior, int feedbackCount) {
    }

    private record Key(String expertId, TaskId task) {
    }

    private record Sums(double scoreSum, int count) {
    }

    private final Map<Key, Sums> sums = new ConcurrentHashMap<>();
    private final double priorWeight;

    @Inject
    public LearnedQuality(FeedbackConfig config) {
        this(config.priorWeight());
    }

    public LearnedQuality(double priorWeight) {
        if (!(priorWeight > 0)) {
            throw new IllegalArgumentException("prior weight must be positive, was " + priorWeight);
        }
        this.priorWeight = priorWeight;
    }

    public Estimate estimate(String expertId, TaskId task, double prior) {
        Sums held = sums.get(new Key(expertId, task));
        if (held == null || held.count() == 0) {
            return new Estimate(prior, prior, 0);
        }
        double quality = (priorWeight * prior + held.scoreSum()) / (priorWeight + held.count());
        return new Estimate(quality, prior, held.count());
    }

    public void add(String expertId, TaskId task, double score) {
        sums.merge(new Key(expertId, task), new Sums(score, 1),
                (a, b) -> new Sums(a.scoreSum() + b.scoreSum(), a.count() + b.count()));
    }

    /** Swaps an earlier score for a new one: the count stays the same. */
    public void replace(String expertId, TaskId task, double oldScore, double newScore) {
        sums.merge(new Key(expertId, task), new Sums(newScore, 1),
                (a, b) -> new Sums(a.scoreSum() - oldScore + newScore, a.count()));
    }
}
