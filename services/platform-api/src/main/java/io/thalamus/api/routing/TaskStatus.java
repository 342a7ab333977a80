package io.thalamus.api.routing;

/** Where a task stands. Synchronous tasks are returned SUCCEEDED or FAILED. */
public enum TaskStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED
}
