package io.thalamus.retrieval.search;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion (Cormack et al., 2009): a document scores {@code sum over rankings of w / (k + rank)},
 * rank starting at 1, so only positions matter, not the rankers' incomparable score scales.
 */
public final class ReciprocalRankFusion implements Fusion {

    /** The constant of the original paper, also the common default. */
    public static final int DEFAULT_K = 60;

    private final int k;

    public ReciprocalRankFusion(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("k must not be negative");
        }
        this.k = k;
    }

    @Override
    public List<Hit> fuse(List<List<Hit>> rankings, int topK) {
        Map<String, Double> scores = new HashMap<>();
        for (List<Hit> ranking : rankings) {
            for (int i = 0; i < ranking.size(); i++) {
                scores.merge(ranking.get(i).id(), 1.0 / (k + i + 1), Double::sum);
            }
        }
        return Rankings.top(scores, topK);
    }

    @Override
    public String toString() {
        return "rrf(k=" + k + ")";
    }
}
