package io.thalamus.router.task;

import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.api.routing.TaskRequest;
import io.thalamus.api.task.TaskId;
import io.thalamus.router.classification.Classification;
import io.thalamus.router.classification.ClassifierConfig;
import io.thalamus.router.classification.TaskClassifier;
import io.thalamus.router.selection.ResolvedTask;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which task a request is: the one it names; otherwise the classifier's answer when it is confident;
 * otherwise the tenant's default task, if one is configured; otherwise 422 {@code ambiguous-task} with the
 * candidates and their probabilities.
 */
@ApplicationScoped
public class TaskResolver {

    private final ClassifierConfig classifierConfig;
    private final Instance<TaskClassifier> classifier;
    private final TaskDefaults defaults;

    public TaskResolver(ClassifierConfig classifierConfig, Instance<TaskClassifier> classifier,
                        TaskDefaults defaults) {
        this.classifierConfig = classifierConfig;
        this.classifier = classifier;
        this.defaults = defaults;
    }

    public ResolvedTask resolve(TaskRequest request, String tenant) {
        if (request.task() != null) {
            return ResolvedTask.explicit(request.task());
        }
        if (!classifierConfig.enabled()) {
            throw new ProblemException(Problem.invalid("The request names no task and task classification is off",
                    List.of(new FieldError("task", "is required: name the task (e.g. retrieval, vqa, text-to-image)"))));
        }
        Classification classification = classifier.get().classify(request.input().text(), request.input().hasImage());
        Map<String, Double> probabilities = new LinkedHashMap<>();
        classification.probabilities().forEach((task, p) -> probabilities.put(task.value(), p));
        if (classification.confident()) {
            return new ResolvedTask(classification.task(), "classifier", classification.confidence(), probabilities);
        }
        TaskId fallback = defaults.defaultTask(tenant);
        // only a task the input can be (the probabilities hold exactly those): never vqa without an image
        if (fallback != null && classification.probabilities().containsKey(fallback)) {
            return new ResolvedTask(fallback, "tenant-default", probabilities.getOrDefault(fallback.value(), 0.0),
                    probabilities);
        }
        throw new ProblemException(Problem.of(ProblemType.AMBIGUOUS_TASK, String.format(
                        "The request names no task and the most likely one, '%s', has only %.2f confidence; "
                                + "name the task", classification.task(), classification.confidence()))
                .with("candidates", probabilities));
    }
}
