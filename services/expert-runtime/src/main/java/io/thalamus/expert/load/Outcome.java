package io.thalamus.expert.load;

import java.util.Locale;

/** How one call ended, as counted in metrics and the error rate. */
public enum Outcome {
    /** The model produced an output. */
    OK,
    /** The request was invalid, or the expert refused the input (4xx). */
    INVALID,
    /** The deadline passed before the model got to it. */
    EXPIRED,
    /** The model failed (5xx). */
    FAILED,
    /** Not admitted: the queue was full, the expert was draining or not ready. */
    REJECTED;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this outcome counts against the expert in its reported error rate. */
    public boolean isError() {
        return this == FAILED || this == EXPIRED;
    }
}
