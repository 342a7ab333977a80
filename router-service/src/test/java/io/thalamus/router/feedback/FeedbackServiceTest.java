package io.thalamus.router.feedback;

import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.api.registry.LoadReport;
import io.thalamus.api.routing.FeedbackReceipt;
import io.thalamus.api.routing.TaskFeedback;
import io.thalamus.api.task.TaskId;
import io.thalamus.router.selection.TestExperts;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FeedbackServiceTest {

    private final MutableClock clock = new MutableClock();
    private final ServedTasks served = new ServedTasks(Duration.ofHours(1), 3, clock);
    private final LearnedQuality learned = new LearnedQuality(4);
    private final FeedbackService service = new FeedbackService(served, learned,
            TestExperts.directory(TestExperts.expert("vqa-a", TaskId.VQA, 0.6, 100, LoadReport.idle())),
            config(), null);

    @Test
    void feedbackMovesTheServingExpertsQuality() {
        serve("t1", "acme");
        FeedbackReceipt receipt = service.record("t1", "acme", new TaskFeedback(1.0, "spot on"));
        assertThat(receipt.expertId()).isEqualTo("vqa-a");
        assertThat(receipt.task()).isEqualTo(TaskId.VQA);
        assertThat(receipt.replaced()).isFalse();
        assertThat(receipt.qualityPrior()).isEqualTo(0.6);
        assertThat(receipt.quality()).isCloseTo((4 * 0.6 + 1.0) / 5, within(1e-9));
        assertThat(receipt.feedbackCount()).isEqualTo(1);
    }

    @Test
    void aSecondFeedbackOnTheSameTaskReplacesTheFirst() {
        serve("t1", "acme");
        service.record("t1", "acme", new TaskFeedback(1.0, null));
        FeedbackReceipt receipt = service.record("t1", "acme", new TaskFeedback(0.0, null));
        assertThat(receipt.replaced()).isTrue();
        assertThat(receipt.feedbackCount()).isEqualTo(1);
        assertThat(receipt.quality()).isCloseTo((4 * 0.6) / 5, within(1e-9));
    }

    @Test
    void onlyTheSubmittingTenantMayGiveFeedback() {
        serve("t1", "acme");
        assertProblem(() -> service.record("t1", "globex", new TaskFeedback(0.0, null)), ProblemType.NOT_FOUND);
        assertThat(learned.estimate("vqa-a", TaskId.VQA, 0.6).feedbackCount()).isZero();
    }

    @Test
    void unknownAndExpiredTasksAre404() {
        assertProblem(() -> service.record("nope", "acme", new TaskFeedback(0.5, null)), ProblemType.NOT_FOUND);
        serve("t1", "acme");
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        assertProblem(() -> service.record("t1", "acme", new TaskFeedback(0.5, null)), ProblemType.NOT_FOUND);
    }

    @Test
    void theOldestTasksAreForgottenBeyondTheLimit() {
        for (int i = 1; i <= 4; i++) {
            serve("t" + i, "acme");
        }
        assertThat(served.size()).isEqualTo(3);
        assertProblem(() -> service.record("t1", "acme", new TaskFeedback(0.5, null)), ProblemType.NOT_FOUND);
        assertThat(service.record("t4", "acme", new TaskFeedback(0.5, null)).expertId()).isEqualTo("vqa-a");
    }

    @Test
    void aScoreOutsideZeroToOneOrMissingIs400() {
        serve("t1", "acme");
        assertProblem(() -> service.record("t1", "acme", new TaskFeedback(1.5, null)), ProblemType.INVALID_REQUEST);
        assertProblem(() -> service.record("t1", "acme", new TaskFeedback(-0.1, null)), ProblemType.INVALID_REQUEST);
        assertProblem(() -> service.record("t1", "acme", new TaskFeedback(Double.NaN, null)), ProblemType.INVALID_REQUEST);
        assertProblem(() -> service.record("t1", "acme", new TaskFeedback(null, "no score")), ProblemType.INVALID_REQUEST);
        assertProblem(() -> service.record("t1", "acme", null), ProblemType.INVALID_REQUEST);
        assertProblem(() -> service.record("t1", "acme", new TaskFeedback(0.5, "x".repeat(101))), ProblemType.INVALID_REQUEST);
    }

    private void serve(String taskId, String tenant) {
        served.remember(new ServedTask(taskId, tenant, "vqa-a", TaskId.VQA, clock.instant(), null, null));
    }

    private static void assertProblem(Runnable call, ProblemType type) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ProblemException.class,
                problem -> assertThat(problem.problem().is(type)).as(problem.problem().toString()).isTrue());
    }

    private static FeedbackConfig config() {
        return new FeedbackConfig() {
            @Override
            public Duration retention() {
                return Duration.ofHours(1);
            }

            @Override
            public int maxTasks() {
                return 3;
            }

            @Override
            public double priorWeight() {
                return 4;
            }

            @Override
            public int maxCommentChars() {
                return 100;
            }
        };
    }
}
