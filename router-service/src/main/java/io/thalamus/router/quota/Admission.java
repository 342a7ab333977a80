package io.thalamus.router.quota;

/**
 * The counters' answer to one request.
 *
 * @param admitted  whether the request may run
 * @param scope     the refusing scope (null when admitted)
 * @param measure   the refusing measure: {@code requests-per-minute}, {@code concurrent-requests},
 *                  {@code daily-credits} or {@code daily-gpu-seconds}
 * @param limit     the refusing limit; when admitted, the tightest rate limit (-1 when none applies)
 * @param remaining requests left in the tightest rate window after this one (0 when refused, -1 when none)
 * @param resetMs   when refused, the wait before a retry can succeed; when admitted, until the tightest window frees
 *                  a request
 */
public record Admission(boolean admitted, QuotaScope scope, String measure, long limit, long remaining,
                        long resetMs) {

    /** Admitted without counting anything: no limit applies, or Redis failed and the quota fails open. */
    public static final Admission UNCOUNTED = new Admission(true, null, null, -1, -1, 0);
}
