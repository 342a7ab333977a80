package io.thalamus.router.openai;

import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;

import java.util.List;

/** 400 problems naming the OpenAI request field at fault. */
public final class OpenAiProblems {

    private OpenAiProblems() {
    }

    public static ProblemException invalid(String param, String message) {
        return new ProblemException(Problem.invalid("'" + param + "' " + message, List.of(new FieldError(param, message))));
    }

    /** A 400 for a list of field errors (e.g. from the image inspector); none means nothing to report. */
    public static void throwIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            FieldError first = errors.get(0);
            throw new ProblemException(Problem.invalid("'" + first.field() + "' " + first.message()
                    + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""), errors));
        }
    }
}
