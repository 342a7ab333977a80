package io.thalamus.router.selection;

import io.thalamus.api.registry.LoadReport;
import io.thalamus.api.routing.LatencyInputs;
import io.thalamus.api.routing.ScoreTerms;
import io.thalamus.api.task.TaskId;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class NearTieSpreaderTest {

    private final NearTieSpreader spreader = new NearTieSpreader(new Random(42));

    @Test
    void aClearWinnerStaysFirst() {
        List<Candidate> ranked = List.of(candidate("a", 0.9, 3), candidate("b", 0.5, 0));
        NearTieSpreader.Spread spread = spreader.spread(ranked, 0.01);
        assertThat(spread.ranked()).isEqualTo(ranked);
        assertThat(spread.notes()).isEmpty();
    }

    @Test
    void ofTwoNearTiesTheLessLoadedGoesFirst() {
        NearTieSpreader.Spread spread = spreader.spread(
                List.of(candidate("a", 0.80, 3), candidate("b", 0.79, 1), candidate("c", 0.50, 0)), 0.02);
        assertThat(spread.ranked()).extracting(Candidate::expertId).containsExactly("b", "a", "c");
        assertThat(spread.notes()).containsOnlyKeys("a");
    }

    @Test
    void equalLoadKeepsTheBetterScoreFirst() {
        NearTieSpreader.Spread spread = spreader.spread(List.of(candidate("a", 0.80, 1), candidate("b", 0.79, 1)), 0.02);
        assertThat(spread.ranked()).extracting(Candidate::expertId).containsExactly("a", "b");
    }

    @Test
    void amongManyTiesTwoAreDrawnAndTheLessLoadedOfThemWins() {
        // loads 0..3: the most loaded can never win a draw of two, the least loaded wins every draw it is in
        List<Candidate> ranked = List.of(candidate("l3", 0.800, 3), candidate("l2", 0.799, 2),
                candidate("l1", 0.798, 1), candidate("l0", 0.797, 0), candidate("far", 0.5, 0));
        Map<String, Integer> wins = new HashMap<>();
        int draws = 6000;
        for (int i = 0; i < draws; i++) {
            String first = spreader.spread(ranked, 0.01).ranked().get(0).expertId();
            wins.merge(first, 1, Integer::sum);
        }
        assertThat(wins).doesNotContainKeys("l3", "far");
        // a draw of 2 out of 4: l0 is in half of them, l1 wins when drawn with l2 or l3 (2 of 6 pairs), l2 with l3 only
        assertThat(wins.get("l0")).isBetween(draws * 45 / 100, draws * 55 / 100);
        assertThat(wins.get("l1")).isBetween(draws * 28 / 100, draws * 39 / 100);
        assertThat(wins.get("l2")).isBetween(draws * 12 / 100, draws * 22 / 100);
    }

    private static Candidate candidate(String id, double score, int inFlight) {
        LatencyInputs inputs = new LatencyInputs("declared-p50", 100, null, null, null, 100, inFlight, 0, 4);
        return new Candidate(TestExperts.expert(id, TaskId.VQA, score, 100, LoadReport.idle()),
                new ScoreTerms(score, 0, 100, score, score, 0, 0.0, 0.0, inputs));
    }
}
