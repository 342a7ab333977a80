package io.thalamus.api.problem;

import java.net.URI;

/** The problem types Thalamus answers with (RFC 9457 {@code type} URIs), each with its title and status. */
public enum ProblemType {
    INVALID_REQUEST("invalid-request", "The request is invalid", 400),
    UNAUTHORIZED("unauthorized", "Authentication is required", 401),
    FORBIDDEN("forbidden", "Not allowed", 403),
    NOT_FOUND("not-found", "Not found", 404),
    CONFLICT("conflict", "Conflicting state", 409),
    PRECONDITION_FAILED("precondition-failed", "The resource changed since you read it", 412),
    PAYLOAD_TOO_LARGE("payload-too-large", "The request is too large", 413),
    UNSUPPORTED_MEDIA("unsupported-media-type", "Unsupported media type", 415),
    INVALID_IMAGE("invalid-image", "The image cannot be read", 400),
    AMBIGUOUS_TASK("ambiguous-task", "The task could not be determined with enough confidence", 422),
    NO_EXPERT("no-expert-available", "No expert can serve this request", 503),
    QUOTA_EXCEEDED("quota-exceeded", "A quota is exhausted", 429),
    QUOTA_UNAVAILABLE("quota-unavailable", "Quotas cannot be checked right now", 503),
    DEADLINE_EXCEEDED("deadline-exceeded", "The deadline passed before the work finished", 504),
    EXPERT_FAILED("expert-failed", "The expert failed", 502),
    IDENTITY_PROVIDER_FAILED("identity-provider-failed", "The identity provider failed", 502),
    INTERNAL("internal-error", "Internal error", 500);

    public static final String BASE = "https://thalamus.dev/problems/";

    private final String slug;
    private final String title;
    private final int status;

    ProblemType(String slug, String title, int status) {
        this.slug = slug;
        this.title = title;
        this.status = status;
    }

    public URI uri() {
        return URI.create(BASE + slug);
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }
}
