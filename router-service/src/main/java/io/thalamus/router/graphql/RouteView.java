package io.thalamus.router.graphql;

import io.thalamus.api.routing.RoutingDecision;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Type;

import java.util.List;

@Type("Route")
@Description("Where a task would go now, without running it: the chosen expert, and every other one with the reason")
public record RouteView(String task, String taskSource, double confidence, String expertId,
                        TaskResultView.ScoreView terms, List<TaskResultView.AlternativeView> alternatives) {

    static RouteView of(RoutingDecision decision) {
        return new RouteView(decision.task() == null ? null : decision.task().value(), decision.taskSource(),
                decision.confidence(), decision.expertId(), TaskResultView.ScoreView.of(decision.terms()),
                decision.alternatives() == null ? List.of()
                        : decision.alternatives().stream().map(TaskResultView.AlternativeView::of).toList());
    }
}
