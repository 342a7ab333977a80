package io.thalamus.router.feedback;

import io.thalamus.api.task.TaskId;

import java.time.Instant;

/**
 * Which expert served a task, for whom, the request text when the task's experts are judged question by question
 * (null otherwise), and the feedback score given so far (null before any).
 */
public record ServedTask(String taskId, String tenant, String expertId, TaskId task, Instant servedAt,
                         String question, Double feedbackScore) {

    public ServedTask withFeedback(double score) {
        return new ServedTask(taskId, tenant, expertId, task, servedAt, question, score);
    }
}
