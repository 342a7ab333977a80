package io.thalamus.router.selection;

import io.thalamus.api.routing.Alternative;

import java.util.List;

/**
 * Experts ranked best first, and those that were excluded with the reason.
 * Dispatch walks {@code ranked} in order when it fails over.
 */
public record Selection(List<Candidate> ranked, List<Alternative> excluded) {

    public boolean isEmpty() {
        return ranked.isEmpty();
    }
}
