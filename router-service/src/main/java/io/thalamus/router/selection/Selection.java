package io.thalamus.router.selection;

import io.thalamus.api.routing.Alternative;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Experts ranked in the order dispatch tries them (the chosen one first), those that were excluded with the reason,
 * and notes on ranked candidates that were passed over for something other than a lower score.
 */
public record Selection(List<Candidate> ranked, List<Alternative> excluded, Map<String, String> notes) {

    public Selection(List<Candidate> ranked, List<Alternative> excluded) {
        this(ranked, excluded, Map.of());
    }

    public boolean isEmpty() {
        return ranked.isEmpty();
    }

    /**
     * Only the candidates that are the given expert or serve the given model; the others become alternatives.
     * Used when the caller pins a request to one expert or model.
     */
    public Selection pinnedTo(String expertOrModelId) {
        return restrictedTo(candidate -> candidate.expertId().equals(expertOrModelId)
                        || expertOrModelId.equals(candidate.expert().descriptor().modelId()),
                "not the requested model '" + expertOrModelId + "'");
    }

    /** Only the candidates that pass {@code kept}; the others become alternatives that lost for {@code reason}. */
    public Selection restrictedTo(Predicate<Candidate> kept, String reason) {
        List<Candidate> staying = new ArrayList<>();
        List<Alternative> passed = new ArrayList<>();
        for (Candidate candidate : ranked) {
            if (kept.test(candidate)) {
                staying.add(candidate);
            } else {
                passed.add(new Alternative(candidate.expertId(), candidate.terms(), reason));
            }
        }
        passed.addAll(excluded);
        return new Selection(List.copyOf(staying), List.copyOf(passed), notes);
    }

    /** Why a ranked candidate was not first. */
    public String whyNotFirst(String expertId) {
        return notes.getOrDefault(expertId, "lower score");
    }
}
