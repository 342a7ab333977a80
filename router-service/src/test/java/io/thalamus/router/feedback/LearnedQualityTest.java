package io.thalamus.router.feedback;

import io.thalamus.api.task.TaskId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LearnedQualityTest {

    private final LearnedQuality learned = new LearnedQuality(10);

    @Test
    void withoutFeedbackThePriorIsThePrediction() {
        assertThat(learned.estimate("a", TaskId.VQA, 0.7))
                .isEqualTo(new LearnedQuality.Estimate(0.7, 0.7, 0));
    }

    @Test
    void feedbackMovesThePredictionAsABetaPosteriorMean() {
        for (int i = 0; i < 10; i++) {
            learned.add("a", TaskId.VQA, 0.2);
        }
        // (10·0.8 + 10·0.2) / (10 + 10)
        LearnedQuality.Estimate estimate = learned.estimate("a", TaskId.VQA, 0.8);
        assertThat(estimate.quality()).isCloseTo(0.5, within(1e-9));
        assertThat(estimate.feedbackCount()).isEqualTo(10);
        assertThat(estimate.prior()).isEqualTo(0.8);
    }

    @Test
    void enoughFeedbackOutweighsAnyPrior() {
        for (int i = 0; i < 1000; i++) {
            learned.add("a", TaskId.VQA, 0.3);
        }
        assertThat(learned.estimate("a", TaskId.VQA, 0.95).quality()).isCloseTo(0.3, within(0.01));
    }

    @Test
    void learningIsPerExpertAndTask() {
        learned.add("a", TaskId.VQA, 0.0);
        assertThat(learned.estimate("a", TaskId.RETRIEVAL, 0.6).quality()).isEqualTo(0.6);
        assertThat(learned.estimate("b", TaskId.VQA, 0.6).quality()).isEqualTo(0.6);
        assertThat(learned.estimate("a", TaskId.VQA, 0.6).quality()).isLessThan(0.6);
    }

    @Test
    void replacingAScoreKeepsTheCount() {
        learned.add("a", TaskId.VQA, 0.0);
        learned.replace("a", TaskId.VQA, 0.0, 1.0);
        LearnedQuality.Estimate estimate = learned.estimate("a", TaskId.VQA, 0.5);
        assertThat(estimate.feedbackCount()).isEqualTo(1);
        assertThat(estimate.quality()).isCloseTo((10 * 0.5 + 1.0) / 11, within(1e-9));
    }
}
