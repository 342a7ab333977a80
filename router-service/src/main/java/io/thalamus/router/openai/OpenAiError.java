package io.thalamus.router.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.Problem;

/**
 * The {@code error} member OpenAI SDKs read from a failed response. The OpenAI-compatible endpoints answer
 * with the usual problem+json body and add this member to it, so both kinds of client find what they expect.
 *
 * @param param the offending request field, when one is known
 * @param code  the problem type's slug (e.g. {@code invalid-request}, {@code no-expert-available})
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record OpenAiError(String message, String type, String param, String code) {

    public static OpenAiError of(Problem problem) {
        String param = problem.errors().isEmpty() ? null : problem.errors().get(0).field();
        String message = problem.detail() != null ? problem.detail() : problem.title();
        if (problem.errors().size() == 1 && message.endsWith("invalid field(s)")) {
            FieldError only = problem.errors().get(0);
            message = "'" + only.field() + "' " + only.message();
        }
        String slug = problem.type() == null ? null
                : problem.type().toString().substring(problem.type().toString().lastIndexOf('/') + 1);
        return new OpenAiError(message, typeFor(problem.status()), param, slug);
    }

    private static String typeFor(int status) {
        return switch (status) {
            case 400, 404, 409, 413, 415, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 429 -> "rate_limit_error";
            default -> "server_error";
        };
    }
}
