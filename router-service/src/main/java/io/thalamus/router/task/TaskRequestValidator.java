package io.thalamus.router.task;

import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.routing.TaskRequest;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/** Checks a task request against the configured limits and reports every problem at once. */
@ApplicationScoped
public class TaskRequestValidator {

    private final TaskLimits limits;

    public TaskRequestValidator(TaskLimits limits) {
        this.limits = limits;
    }

    public void validate(TaskRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request == null) {
            throw new ProblemException(Problem.invalid("The request body is missing", List.of()));
        }
        if (request.task() == null) {
            errors.add(new FieldError("task", "is required: name the task (e.g. retrieval, vqa, text-to-image)"));
        }
        if (request.input() == null || (!request.input().hasText() && !request.input().hasImage())) {
            errors.add(new FieldError("input", "needs text, an image, or both"));
        } else {
            if (request.input().text() != null && request.input().text().length() > limits.maxTextChars()) {
                errors.add(new FieldError("input.text", "has " + request.input().text().length()
                        + " characters, the limit is " + limits.maxTextChars()));
            }
            if (request.input().image() != null && request.input().image().size() > limits.maxImageBytes()) {
                errors.add(new FieldError("input.image", "has " + request.input().image().size()
                        + " bytes, the limit is " + limits.maxImageBytes()));
            }
        }
        if (request.timeoutMs() != null && (request.timeoutMs() <= 0 || request.timeoutMs() > limits.maxTimeoutMs())) {
            errors.add(new FieldError("timeoutMs", "must be between 1 and " + limits.maxTimeoutMs()));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid(errors.size() + " invalid field(s)", errors));
        }
    }
}
