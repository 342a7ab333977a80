package io.thalamus.router.selection;

import io.thalamus.api.task.TaskId;

import java.util.Map;

/**
 * The task a request will be served as, and how it was determined.
 *
 * @param source        {@code explicit} when the caller named it, {@code classifier} otherwise
 * @param confidence    probability of the task (1.0 when explicit)
 * @param probabilities classifier output per task, empty when it did not run
 */
public record ResolvedTask(TaskId task, String source, double confidence, Map<String, Double> probabilities) {

    public static ResolvedTask explicit(TaskId task) {
        return new ResolvedTask(task, "explicit", 1.0, Map.of());
    }
}
