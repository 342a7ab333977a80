package io.thalamus.router.quota;

import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;

/** A request refused by a quota; answered 429 with {@code Retry-After} and {@code RateLimit-*} headers. */
public class QuotaExceededException extends ProblemException {

    private final transient Admission refusal;

    public QuotaExceededException(Admission refusal) {
        super(problemOf(refusal));
        this.refusal = refusal;
    }

    /** Whole seconds to wait before retrying (at least 1). */
    public long retryAfterSeconds() {
        return retryAfterSeconds(refusal);
    }

    public long limit() {
        return refusal.limit();
    }

    public String measure() {
        return refusal.measure();
    }

    private static Problem problemOf(Admission refusal) {
        QuotaScope scope = refusal.scope();
        String what = switch (refusal.measure()) {
            case "concurrent-requests" -> refusal.limit() + " concurrent requests";
            case "daily-credits" -> refusal.limit() + " credits per day (UTC), and this request's expected cost "
                    + "does not fit in what is left";
            case "daily-gpu-seconds" -> refusal.limit() + " GPU seconds per day (UTC), and this request's expected "
                    + "GPU time does not fit in what is left";
            default -> refusal.limit() + " requests per minute";
        };
        return Problem.of(ProblemType.QUOTA_EXCEEDED, "The quota of " + scope.describe() + " allows " + what)
                .with("quota", refusal.measure())
                .with("scope", scope.tenantWide() ? "tenant" : "task")
                .with("tenant", scope.tenant())
                .with("task", scope.task())
                .with("limit", refusal.limit())
                .with("retryAfterSeconds", retryAfterSeconds(refusal));
    }

    private static long retryAfterSeconds(Admission refusal) {
        return Math.max(1, (refusal.resetMs() + 999) / 1000);
    }
}
