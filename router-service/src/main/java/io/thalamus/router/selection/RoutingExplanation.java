package io.thalamus.router.selection;

import io.thalamus.api.routing.Alternative;
import io.thalamus.api.routing.RoutingDecision;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the {@code routing} block: the chosen expert with its score terms and every alternative with why it lost. */
public final class RoutingExplanation {

    private RoutingExplanation() {
    }

    /** The decision as it stands before dispatch (dry run): the first ranked candidate is chosen. */
    public static RoutingDecision beforeDispatch(ResolvedTask task, Selection selection) {
        return explain(task, selection, selection.ranked().get(0), List.of(), Map.of());
    }

    /**
     * The decision after dispatch.
     *
     * @param passedOver why candidates ranked before the one that served did not serve
     */
    public static RoutingDecision afterDispatch(ResolvedTask task, Selection selection, Candidate servedBy,
                                                List<String> attempts, Map<String, String> passedOver) {
        return explain(task, selection, servedBy, attempts, passedOver);
    }

    private static RoutingDecision explain(ResolvedTask task, Selection selection, Candidate chosen,
                                           List<String> attempts, Map<String, String> passedOver) {
        List<Alternative> alternatives = new ArrayList<>();
        for (Candidate candidate : selection.ranked()) {
            if (!candidate.expertId().equals(chosen.expertId())) {
                String reason = passedOver.getOrDefault(candidate.expertId(), selection.whyNotFirst(candidate.expertId()));
                alternatives.add(new Alternative(candidate.expertId(), candidate.terms(), reason));
            }
        }
        alternatives.addAll(selection.excluded());
        return new RoutingDecision(task.task(), task.source(), task.confidence(), task.probabilities(),
                chosen.expertId(), chosen.terms(), alternatives, attempts);
    }
}
