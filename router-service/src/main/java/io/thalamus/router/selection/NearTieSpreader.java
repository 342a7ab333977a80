package io.thalamus.router.selection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Spreads near-ties by load with the power of two choices: among the candidates within {@code epsilon} of the best
 * score, two are drawn at random and the less loaded one goes first. Sending every near-tie to the single best
 * would pile work on one expert; two random draws keep the load balanced without herding onto the one that happened
 * to report the lowest load last.
 */
public final class NearTieSpreader {

    /** The reordered ranking and, per candidate passed over, why. */
    public record Spread(List<Candidate> ranked, Map<String, String> notes) {
    }

    private final RandomGenerator random;

    public NearTieSpreader(RandomGenerator random) {
        this.random = random;
    }

    /** {@code ranked} is best first. */
    public Spread spread(List<Candidate> ranked, double epsilon) {
        if (ranked.size() < 2) {
            return new Spread(ranked, Map.of());
        }
        double best = ranked.get(0).terms().score();
        int tied = 1;
        while (tied < ranked.size() && ranked.get(tied).terms().score() >= best - epsilon) {
            tied++;
        }
        if (tied < 2) {
            return new Spread(ranked, Map.of());
        }
        int first = random.nextInt(tied);
        int second = random.nextInt(tied - 1);
        if (second >= first) {
            second++;
        }
        Candidate a = ranked.get(first);
        Candidate b = ranked.get(second);
        double loadA = load(a);
        double loadB = load(b);
        // equal load: the better score, then the earlier in ranking order
        Candidate winner = loadA < loadB || loadA == loadB && first < second ? a : b;
        Candidate loser = winner == a ? b : a;
        List<Candidate> reordered = new ArrayList<>(ranked.size());
        reordered.add(winner);
        for (Candidate candidate : ranked) {
            if (candidate != winner) {
                reordered.add(candidate);
            }
        }
        Map<String, String> notes = new LinkedHashMap<>();
        for (Candidate candidate : ranked.subList(0, tied)) {
            if (candidate == loser) {
                notes.put(candidate.expertId(), String.format(Locale.ROOT,
                        "near-tie with %s (within %s): lost the power-of-two choice on load (%.2f vs %.2f per slot)",
                        winner.expertId(), epsilon, load(loser), load(winner)));
            } else if (candidate != winner) {
                notes.put(candidate.expertId(), String.format(Locale.ROOT,
                        "near-tie with %s (within %s): not drawn for the power-of-two choice", winner.expertId(), epsilon));
            }
        }
        return new Spread(List.copyOf(reordered), Map.copyOf(notes));
    }

    private static double load(Candidate candidate) {
        return candidate.terms().latencyInputs() == null ? 0 : LatencyEstimate.loadPerSlot(candidate.terms().latencyInputs());
    }
}
