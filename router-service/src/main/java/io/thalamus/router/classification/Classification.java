package io.thalamus.router.classification;

import io.thalamus.api.task.TaskId;

import java.util.Map;

/**
 * The classifier's answer for one request.
 *
 * @param probabilities calibrated probability per task, most likely first
 * @param task          the most likely task
 * @param confidence    its probability
 * @param confident     whether the confidence reaches the classifier's threshold; when it does
 *                      not, the router should not guess
 */
public record Classification(Map<TaskId, Double> probabilities, TaskId task, double confidence, boolean confident) {
}
