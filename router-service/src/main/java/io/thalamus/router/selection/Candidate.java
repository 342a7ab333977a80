package io.thalamus.router.selection;

import io.thalamus.api.registry.RegisteredExpert;
import io.thalamus.api.routing.ScoreTerms;

/** An expert that can serve a request, with its score terms. */
public record Candidate(RegisteredExpert expert, ScoreTerms terms) {

    public String expertId() {
        return expert.id();
    }
}
