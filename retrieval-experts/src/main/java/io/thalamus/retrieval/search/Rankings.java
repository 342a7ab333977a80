package io.thalamus.retrieval.search;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Turns accumulated scores into a ranking: highest score first, ties broken by id so results are stable. */
final class Rankings {

    private Rankings() {
    }

    static List<Hit> top(Map<String, Double> scores, int k) {
        return scores.entrySet().stream()
                .map(entry -> new Hit(entry.getKey(), entry.getValue()))
                .sorted(Comparator.comparingDouble(Hit::score).reversed().thenComparing(Hit::id))
                .limit(k)
                .toList();
    }
}
