package io.thalamus.retrieval.search;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ReciprocalRankFusionTest {

    private final ReciprocalRankFusion rrf = new ReciprocalRankFusion(60);

    @Test
    void documentsRankedWellByBothRankingsComeFirst() {
        List<Hit> lexical = List.of(new Hit("a", 12.0), new Hit("b", 9.5), new Hit("c", 3.0));
        List<Hit> dense = List.of(new Hit("b", 0.81), new Hit("d", 0.80), new Hit("a", 0.62));

        List<Hit> fused = rrf.fuse(List.of(lexical, dense), 10);

        // a: 1/61 + 1/63, b: 1/62 + 1/61, then d (1/62) before c (1/63)
        assertThat(fused).extracting(Hit::id).containsExactly("b", "a", "d", "c");
        assertThat(fused.get(0).score()).isCloseTo(1.0 / 62 + 1.0 / 61, within(1e-12));
    }

    @Test
    void onlyPositionsMatterNotTheScoreScales() {
        List<Hit> fused = rrf.fuse(List.of(List.of(new Hit("a", 1000.0), new Hit("b", 999.0)),
                List.of(new Hit("b", 0.2), new Hit("a", 0.1))), 10);

        assertThat(fused.get(0).score()).isEqualTo(fused.get(1).score());
        assertThat(fused).extracting(Hit::id).containsExactly("a", "b"); // ties: by id, stable
    }

    @Test
    void answersAtMostK() {
        List<Hit> fused = rrf.fuse(List.of(List.of(new Hit("a", 1), new Hit("b", 1), new Hit("c", 1))), 2);

        assertThat(fused).extracting(Hit::id).containsExactly("a", "b");
    }
}
