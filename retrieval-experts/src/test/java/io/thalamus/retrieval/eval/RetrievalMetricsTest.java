package io.thalamus.retrieval.eval;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RetrievalMetricsTest {

    private static final double LOG2_3 = Math.log(3) / Math.log(2);

    @Test
    void ndcgDiscountsRelevantDocumentsByTheLogOfTheirRank() {
        // relevant at ranks 1 and 3 of 2 relevant: DCG = 1 + 1/log2(4) = 1.5, ideal = 1 + 1/log2(3)
        double ndcg = RetrievalMetrics.ndcg(List.of("a", "x", "b", "y"), Set.of("a", "b"), 10);

        assertThat(ndcg).isCloseTo(1.5 / (1 + 1 / LOG2_3), within(1e-12));
    }

    @Test
    void ndcgIsOneForAnIdealRankingAndZeroWithoutHits() {
        assertThat(RetrievalMetrics.ndcg(List.of("a", "b", "x"), Set.of("a", "b"), 10)).isEqualTo(1.0);
        assertThat(RetrievalMetrics.ndcg(List.of("x", "y"), Set.of("a"), 10)).isZero();
        assertThat(RetrievalMetrics.ndcg(List.of("a"), Set.of(), 10)).isZero();
    }

    @Test
    void ndcgOnlyLooksAtTheFirstKAndCapsTheIdealAtK() {
        // the only relevant document at rank 3 is invisible at k = 2
        assertThat(RetrievalMetrics.ndcg(List.of("x", "y", "a"), Set.of("a"), 2)).isZero();
        // three relevant documents, k = 1: a hit at rank 1 is ideal
        assertThat(RetrievalMetrics.ndcg(List.of("a", "b", "c"), Set.of("a", "b", "c"), 1)).isEqualTo(1.0);
        // one relevant document at rank 2: 1/log2(3)
        assertThat(RetrievalMetrics.ndcg(List.of("x", "a"), Set.of("a"), 10)).isCloseTo(1 / LOG2_3, within(1e-12));
    }

    @Test
    void recallIsTheShareOfRelevantDocumentsInTheFirstK() {
        List<String> ranking = List.of("a", "x", "b", "y", "c");

        assertThat(RetrievalMetrics.recall(ranking, Set.of("a", "b", "c", "d"), 100)).isEqualTo(0.75);
        assertThat(RetrievalMetrics.recall(ranking, Set.of("a", "b", "c", "d"), 2)).isEqualTo(0.25);
        assertThat(RetrievalMetrics.recall(ranking, Set.of(), 100)).isZero();
    }
}
