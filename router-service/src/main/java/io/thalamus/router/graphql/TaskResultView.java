package io.thalamus.router.graphql;

import io.thalamus.api.routing.Alternative;
import io.thalamus.api.routing.RoutingDecision;
import io.thalamus.api.routing.DomainFit;
import io.thalamus.api.routing.ScoreTerms;
import io.thalamus.api.routing.TaskResponse;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Type;

import java.util.List;

@Type("TaskResult")
@Description("A task's result: the expert's output as a JSON string, and the routing decision")
public record TaskResultView(String id, String status, String modelId, String outputJson, long latencyMs,
                             Double credits, Long gpuMillis, RoutingView routing) {

    @Type("Routing")
    public record RoutingView(String task, String taskSource, double confidence, String expertId, ScoreView terms,
                              List<AlternativeView> alternatives, List<String> attempts) {
    }

    @Type("ScoreTerms")
    @Description("score = quality − λ·credits − μ·expectedLatencyMs/1000 (+ domainWeight·domainFit for tasks routed "
            + "by domain: the cosine of the request to the expert's pilot-query centroid)")
    public record ScoreView(double quality, double credits, double expectedLatencyMs, double score, String domain,
                            Double domainFit, Double domainWeight) {

        static ScoreView of(ScoreTerms terms) {
            if (terms == null) {
                return null;
            }
            DomainFit fit = terms.domainFit();
            return new ScoreView(terms.quality(), terms.credits(), terms.expectedLatencyMs(), terms.score(),
                    fit == null ? null : fit.domain(), fit == null ? null : fit.fit(),
                    fit == null ? null : fit.weight());
        }
    }

    @Type("Alternative")
    public record AlternativeView(String expertId, ScoreView terms, String reason) {

        static AlternativeView of(Alternative alternative) {
            return new AlternativeView(alternative.expertId(), ScoreView.of(alternative.terms()), alternative.reason());
        }
    }

    static TaskResultView of(TaskResponse response) {
        RoutingDecision routing = response.routing();
        return new TaskResultView(response.id(), response.status() == null ? null : response.status().name(),
                response.modelId(), response.output() == null ? null : response.output().toString(), response.latencyMs(),
                response.usage() == null ? null : response.usage().credits(),
                response.usage() == null ? null : response.usage().gpuMillis(),
                routing == null ? null : new RoutingView(routing.task() == null ? null : routing.task().value(),
                        routing.taskSource(), routing.confidence(), routing.expertId(), ScoreView.of(routing.terms()),
                        routing.alternatives() == null ? List.of()
                                : routing.alternatives().stream().map(AlternativeView::of).toList(),
                        routing.attempts() == null ? List.of() : routing.attempts()));
    }
}
