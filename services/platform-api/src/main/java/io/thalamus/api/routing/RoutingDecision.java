package io.thalamus.api.routing;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.thalamus.api.task.TaskId;

import java.util.List;
import java.util.Map;

/**
 * Why a request went where it went.
 *
 * @param taskSource    {@code explicit} when the caller named the task, {@code classifier} otherwise
 * @param confidence    probability of the chosen task (1.0 when explicit)
 * @param probabilities classifier output per task, when it ran
 * @param attempts      experts actually called, in order (more than one after a failover)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RoutingDecision(
        TaskId task,
        String taskSource,
        double confidence,
        Map<String, Double> probabilities,
        String expertId,
        ScoreTerms terms,
        List<Alternative> alternatives,
        List<String> attempts) {
}
