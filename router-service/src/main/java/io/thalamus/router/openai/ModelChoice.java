package io.thalamus.router.openai;

import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.api.registry.RegisteredExpert;
import io.thalamus.router.directory.ExpertDirectory;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Reads the OpenAI {@code model} field: {@code auto} (or none) lets the router choose; anything else must name a
 * registered expert id or model id, and pins the request to it.
 */
@ApplicationScoped
public class ModelChoice {

    public static final String AUTO = "auto";

    private final ExpertDirectory directory;

    public ModelChoice(ExpertDirectory directory) {
        this.directory = directory;
    }

    /** The expert id or model id to pin to, or null when the router chooses. */
    public String pinned(String model) {
        if (model == null || model.isBlank() || model.equals(AUTO)) {
            return null;
        }
        boolean known = directory.all().stream().anyMatch(expert -> names(expert, model));
        if (!known) {
            ProblemType type = ProblemType.NOT_FOUND;
            throw new ProblemException(new Problem(type.uri(), type.title(), type.status(), "The model '" + model
                    + "' does not exist: use 'auto' or an id listed by GET /v1/models", null,
                    List.of(new FieldError("model", "names no registered expert or model"))));
        }
        return model;
    }

    private static boolean names(RegisteredExpert expert, String model) {
        return model.equals(expert.id()) || model.equals(expert.descriptor().modelId());
    }
}
