package io.thalamus.router.feedback;

import io.thalamus.api.expert.ExpertDescriptor;
import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.api.registry.RegisteredExpert;
import io.thalamus.api.routing.FeedbackReceipt;
import io.thalamus.api.routing.TaskFeedback;
import io.thalamus.router.directory.ExpertDirectory;
import io.thalamus.router.quality.QuestionQuality;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Takes a tenant's feedback on a task it submitted and moves the serving expert's predicted quality for that task.
 * One score per task counts: a second feedback replaces the first.
 */
@ApplicationScoped
public class FeedbackService {

    private final ServedTasks servedTasks;
    private final LearnedQuality learnedQuality;
    private final ExpertDirectory directory;
    private final FeedbackConfig config;
    private final QuestionQuality questionQuality;

    public FeedbackService(ServedTasks servedTasks, LearnedQuality learnedQuality, ExpertDirectory directory,
                           FeedbackConfig config, QuestionQuality questionQuality) {
        this.questionQuality = questionQuality;
        this.servedTasks = servedTasks;
        this.learnedQuality = learnedQuality;
        this.directory = directory;
        this.config = config;
    }

    public FeedbackReceipt record(String taskId, String tenant, TaskFeedback feedback) {
        validate(feedback);
        double score = feedback.score();
        AtomicReference<Double> previous = new AtomicReference<>();
        // Tasks of other tenants answer like unknown ones, so their ids are not confirmed to anyone else.
        ServedTask served = servedTasks.find(taskId).filter(task -> task.tenant().equals(tenant))
                .flatMap(task -> servedTasks.update(taskId, held -> {
                    previous.set(held.feedbackScore());
                    if (held.feedbackScore() == null) {
                        learnedQuality.add(held.expertId(), held.task(), score);
                    } else {
                        learnedQuality.replace(held.expertId(), held.task(), held.feedbackScore(), score);
                    }
                    return held.withFeedback(score);
                }))
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "No task '" + taskId
                        + "' of yours was served by this router in the last " + servedTasks.retention()));
        Optional<ExpertDescriptor> expert = directory.all().stream().filter(e -> e.id().equals(served.expertId()))
                .findFirst().map(RegisteredExpert::descriptor);
        if (previous.get() == null && served.question() != null && expert.isPresent()) {
            // the scored request becomes an example of what the expert's model answers well or badly
            questionQuality.learn(served.task(), expert.get().modelId(), served.question(), score);
        }
        double prior = expert.map(d -> d.qualityFor(served.task())).orElse(0.5);
        LearnedQuality.Estimate estimate = learnedQuality.estimate(served.expertId(), served.task(), prior);
        return new FeedbackReceipt(taskId, served.expertId(), served.task(), score, previous.get() != null,
                estimate.quality(), estimate.prior(), estimate.feedbackCount());
    }

    private void validate(TaskFeedback feedback) {
        List<FieldError> errors = new ArrayList<>();
        if (feedback == null || feedback.score() == null) {
            errors.add(new FieldError("score", "is required: a number from 0 to 1"));
        } else if (!(feedback.score() >= 0 && feedback.score() <= 1)) {
            errors.add(new FieldError("score", "must be between 0 and 1, was " + feedback.score()));
        }
        if (feedback != null && feedback.comment() != null && feedback.comment().length() > config.maxCommentChars()) {
            errors.add(new FieldError("comment", "has " + feedback.comment().length()
                    + " characters, the limit is " + config.maxCommentChars()));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid(errors.size() + " invalid field(s)", errors));
        }
    }
}
