package io.thalamus.retrieval.eval;

import java.util.List;
import java.util.Set;

/**
 * Standard ranking metrics with binary relevance (a judged document with a score above 0 is relevant), as BEIR
 * and MTEB report them for collections judged 0/1.
 */
public final class RetrievalMetrics {

    private RetrievalMetrics() {
    }

    /**
     * nDCG@k: the ranking's discounted cumulative gain (gain 1 per relevant document, discount log2(rank + 1))
     * over that of an ideal ranking; 0 when nothing is relevant.
     */
    public static double ndcg(List<String> ranking, Set<String> relevant, int k) {
        if (relevant.isEmpty()) {
            return 0;
        }
        double dcg = 0;
        for (int i = 0; i < Math.min(k, ranking.size()); i++) {
            if (relevant.contains(ranking.get(i))) {
                dcg += discount(i);
            }
        }
        double ideal = 0;
        for (int i = 0; i < Math.min(k, relevant.size()); i++) {
            ideal += discount(i);
        }
        return dcg / ideal;
    }

    /** Recall@k: the share of the relevant documents found among the first k. */
    public static double recall(List<String> ranking, Set<String> relevant, int k) {
        if (relevant.isEmpty()) {
            return 0;
        }
        long found = ranking.stream().limit(k).filter(relevant::contains).distinct().count();
        return (double) found / relevant.size();
    }

    /** 1 / log2(rank + 1) for the 0-based position i, i.e. rank i + 1. */
    private static double discount(int i) {
        return 1.0 / (Math.log(i + 2) / Math.log(2));
    }
}
