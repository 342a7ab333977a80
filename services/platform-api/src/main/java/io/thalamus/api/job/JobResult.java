package io.thalamus.api.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.thalamus.api.invoke.InvokeResponse;
import io.thalamus.api.problem.Problem;

import java.time.Instant;

/** An expert's outcome of a job (topic {@link JobTopics#RESULTS}, keyed by job id): a response or a problem. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobResult(String jobId, String expertId, InvokeResponse response, Problem error, Instant finishedAt) {

    public static JobResult succeeded(String jobId, String expertId, InvokeResponse response) {
        return new JobResult(jobId, expertId, response, null, Instant.now());
    }

    public static JobResult failed(String jobId, String expertId, Problem error) {
        return new JobResult(jobId, expertId, null, error, Instant.now());
    }

    public boolean succeeded() {
        return error == null;
    }
}
