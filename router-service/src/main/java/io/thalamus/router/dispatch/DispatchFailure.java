package io.thalamus.router.dispatch;

/** Why one call to an expert failed, and whether another expert may be tried. */
record DispatchFailure(String expertId, boolean retryable, Throwable cause) {
}
