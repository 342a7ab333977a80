package io.thalamus.router.task;

import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.routing.TaskRequest;
import io.thalamus.api.task.ImageInput;
import io.thalamus.api.task.TaskInput;
import io.thalamus.router.input.ImageInspector;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/** Checks a task request against the configured limits and reports every problem at once. */
@ApplicationScoped
public class TaskRequestValidator {

    private final TaskLimits limits;
    private final ImageInspector images;

    public TaskRequestValidator(TaskLimits limits, ImageInspector images) {
        this.limits = limits;
        this.images = images;
    }

    public void validate(TaskRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request == null) {
            throw new ProblemException(Problem.invalid("The request body is missing", List.of()));
        }
        TaskInput input = request.input();
        if (input == null || (!input.hasText() && input.image() == null)) {
            errors.add(new FieldError("input", "needs text, an image, or both"));
        } else {
            if (input.text() != null && input.text().length() > limits.maxTextChars()) {
                errors.add(new FieldError("input.text", "has " + input.text().length()
                        + " characters, the limit is " + limits.maxTextChars()));
            }
            if (input.image() != null) {
                errors.addAll(checkImage(input.image()));
            }
        }
        if (request.timeoutMs() != null && (request.timeoutMs() <= 0 || request.timeoutMs() > limits.maxTimeoutMs())) {
            errors.add(new FieldError("timeoutMs", "must be between 1 and " + limits.maxTimeoutMs()));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid(errors.size() + " invalid field(s)", errors));
        }
    }

    private List<FieldError> checkImage(ImageInput image) {
        if (image.url() != null && image.size() > 0) {
            return List.of(new FieldError("input.image", "has both base64 and url: send one of them"));
        }
        if (image.isUrlOnly()) {
            // URLs are fetched (when enabled) before validation; one still here was not allowed
            return List.of(new FieldError("input.image.url", "is not accepted by this router: send the image as base64"));
        }
        return images.inspect(image, "input.image");
    }
}
