package io.thalamus.api.routing;

import io.thalamus.api.task.TaskId;

/**
 * What the router learnt from a feedback: the expert that served the task and its predicted quality for the task now.
 *
 * @param replaced whether this feedback replaced an earlier one for the same task
 */
public record FeedbackReceipt(
        String taskId,
        String expertId,
        TaskId task,
        double score,
        boolean replaced,
        double quality,
        double qualityPrior,
        int feedbackCount) {
}
