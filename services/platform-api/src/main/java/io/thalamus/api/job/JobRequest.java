package io.thalamus.api.job;

import io.thalamus.api.invoke.InvokeRequest;

/**
 * Work handed from the router to one expert through Kafka (topic {@link JobTopics#requests}, keyed by job id).
 * Every expert serving the task reads the topic; only the one named here runs the job.
 */
public record JobRequest(String jobId, String expertId, InvokeRequest request) {
}
