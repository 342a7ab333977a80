package io.thalamus.expert.invoke;

import io.thalamus.api.invoke.InvokeRequest;
import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.api.task.ImageInput;
import io.thalamus.api.task.Modality;
import io.thalamus.api.task.TaskId;
import io.thalamus.api.task.TaskInput;
import io.thalamus.expert.config.ExpertConfig;
import io.thalamus.expert.config.ExpertDescriptorFactory;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Checks a request against what this expert declares (tasks, input modalities) and its limits, before it is
 * queued. Returns the request with a generated request id when the caller sent none.
 */
@ApplicationScoped
public class InvokeRequestValidator {

    private final List<TaskId> tasks;
    private final Set<Modality> inputModalities;
    private final ExpertConfig.Limits limits;
    private final Clock clock;

    public InvokeRequestValidator(ExpertDescriptorFactory descriptors, ExpertConfig config) {
        this.tasks = descriptors.descriptor().tasks();
        this.inputModalities = descriptors.descriptor().inputModalities();
        this.limits = config.limits();
        this.clock = Clock.systemUTC();
    }

    public InvokeRequest validate(InvokeRequest request) {
        if (request == null) {
            throw new ProblemException(Problem.invalid("The body must be an invoke request",
                    List.of(new FieldError("", "is missing"))));
        }
        List<FieldError> errors = new ArrayList<>();
        String requestId = request.requestId();
        if (requestId == null || requestId.isBlank()) {
            requestId = UUID.randomUUID().toString();
        } else if (requestId.length() > limits.maxRequestIdLength()) {
            errors.add(new FieldError("requestId", "is " + requestId.length() + " characters long; the limit is "
                    + limits.maxRequestIdLength()));
        }
        if (request.task() == null) {
            errors.add(new FieldError("task", "is required; this expert performs " + names(tasks)));
        } else if (!tasks.contains(request.task())) {
            errors.add(new FieldError("task", "'" + request.task() + "' is not a task of this expert; it performs "
                    + names(tasks)));
        }
        checkInput(request.input(), errors);
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid(summary(errors), errors));
        }
        Instant deadline = request.deadline();
        if (deadline != null && !clock.instant().isBefore(deadline)) {
            throw new ProblemException(Problem.of(ProblemType.DEADLINE_EXCEEDED,
                    "The deadline " + deadline + " had passed when the expert received the request"));
        }
        if (requestId.equals(request.requestId())) {
            return request;
        }
        return new InvokeRequest(requestId, request.tenant(), request.task(), request.input(), request.params(),
                request.deadline());
    }

    /** Whether the task is one this expert performs (metrics tag only known tasks, to bound their number). */
    public boolean performs(TaskId task) {
        return task != null && tasks.contains(task);
    }

    private void checkInput(TaskInput input, List<FieldError> errors) {
        if (input == null || input.modalities().isEmpty()) {
            errors.add(new FieldError("input", "needs " + acceptedInput()));
            return;
        }
        if (input.hasText()) {
            if (!inputModalities.contains(Modality.TEXT)) {
                errors.add(new FieldError("input.text", "is not accepted: this expert takes " + acceptedOnly()));
            }
            int length = input.text().codePointCount(0, input.text().length());
            if (length > limits.maxTextChars()) {
                errors.add(new FieldError("input.text", "is " + length + " characters long; the limit is "
                        + limits.maxTextChars()));
            }
        }
        if (input.hasImage()) {
            ImageInput image = input.image();
            if (!inputModalities.contains(Modality.IMAGE)) {
                errors.add(new FieldError("input.image", "is not accepted: this expert takes " + acceptedOnly()));
            }
            if (image.size() > limits.maxImageSize().asLongValue()) {
                errors.add(new FieldError("input.image.base64", "decodes to " + image.size()
                        + " bytes; the limit is " + limits.maxImageSize().asLongValue()));
            }
            if (image.mediaType() == null || !image.mediaType().startsWith("image/")) {
                errors.add(new FieldError("input.image.mediaType", "must be an image media type such as image/png"));
            }
        }
    }

    private String acceptedInput() {
        if (inputModalities.size() > 1) {
            return "text, an image or both";
        }
        return inputModalities.contains(Modality.IMAGE) ? "an image" : "text";
    }

    private String acceptedOnly() {
        return inputModalities.size() > 1 ? acceptedInput() : acceptedInput() + " only";
    }

    private static String names(List<TaskId> tasks) {
        return tasks.stream().map(TaskId::value).toList().toString();
    }

    private static String summary(List<FieldError> errors) {
        FieldError first = errors.get(0);
        String text = "'" + first.field() + "' " + first.message();
        return errors.size() == 1 ? text : text + " (and " + (errors.size() - 1) + " more)";
    }
}
