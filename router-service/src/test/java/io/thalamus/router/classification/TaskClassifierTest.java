package io.thalamus.router.classification;

import io.thalamus.api.task.TaskId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The committed classifier and its real encoder, on requests whose task is not in doubt (and one that is). */
class TaskClassifierTest {

    private static TaskClassifier classifier;

    @BeforeAll
    static void load() {
        classifier = TaskClassifier.load();
    }

    @AfterAll
    static void close() {
        classifier.close();
    }

    @Test
    void scientificClaimIsRetrieval() {
        Classification c = classifier.classify("Statin therapy lowers the risk of stroke in patients with type 2 diabetes.", false);
        assertThat(c.task()).isEqualTo(TaskId.RETRIEVAL);
        assertThat(c.confident()).isTrue();
    }

    @Test
    void searchQuestionIsRetrieval() {
        Classification c = classifier.classify("how long does it take for a passport renewal to arrive", false);
        assertThat(c.task()).isEqualTo(TaskId.RETRIEVAL);
        assertThat(c.confident()).isTrue();
    }

    @Test
    void styledPromptIsTextToImage() {
        Classification c = classifier.classify("a watercolor painting of a fox in the snow, trending on artstation", false);
        assertThat(c.task()).isEqualTo(TaskId.TEXT_TO_IMAGE);
        assertThat(c.confident()).isTrue();
    }

    @Test
    void questionAboutAnAttachedImageIsVqa() {
        Classification c = classifier.classify("What color is the umbrella the woman is holding?", true);
        assertThat(c.task()).isEqualTo(TaskId.VQA);
        assertThat(c.confident()).isTrue();
    }

    @Test
    void withoutAnImageVqaIsNeverACandidate() {
        for (String text : List.of("What color is the umbrella the woman is holding?", "Is there a dog in the image?",
                "What does the sign say?")) {
            Classification c = classifier.classify(text, false);
            assertThat(c.task()).isNotEqualTo(TaskId.VQA);
            assertThat(c.probabilities()).doesNotContainKey(TaskId.VQA);
            assertThat(c.probabilities().values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9));
        }
    }

    @Test
    void aBareNameIsTooAmbiguousToRoute() {
        Classification c = classifier.classify("Kyoto", false);
        assertThat(c.confident()).isFalse();
        assertThat(c.confidence()).isLessThan(classifier.threshold());
    }

    @Test
    void probabilitiesAreRankedAndSumToOne() {
        Classification c = classifier.classify("Is the cat sleeping on the sofa?", true);
        List<Double> values = new ArrayList<>(c.probabilities().values());
        assertThat(values).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(values.stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9));
        assertThat(c.confidence()).isEqualTo(values.get(0));
        assertThat(c.probabilities().keySet()).containsExactlyInAnyOrderElementsOf(classifier.tasks());
    }

    @Test
    void restrictingTheAvailableTasksRenormalises() {
        Classification c = classifier.classify("a watercolor painting of a fox in the snow, trending on artstation", false,
                Set.of(TaskId.RETRIEVAL));
        assertThat(c.task()).isEqualTo(TaskId.RETRIEVAL);
        assertThat(c.confidence()).isCloseTo(1.0, within(1e-9));
        assertThat(c.probabilities()).containsOnlyKeys(TaskId.RETRIEVAL);
    }

    @Test
    void concurrentCallersGetTheSameAnswers() throws Exception {
        List<String> texts = List.of("who wrote the declaration of independence",
                "a castle on a hill at sunset, oil painting", "cheap flights to lisbon in may",
                "portrait of an old sailor, dramatic lighting, highly detailed");
        List<Classification> expected = texts.stream().map(t -> classifier.classify(t, false)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Classification>> futures = new ArrayList<>();
            for (int round = 0; round < 8; round++) {
                for (String text : texts) {
                    futures.add(pool.submit(() -> classifier.classify(text, false)));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                Classification got = futures.get(i).get();
                Classification want = expected.get(i % texts.size());
                assertThat(got.task()).isEqualTo(want.task());
                assertThat(got.confidence()).isCloseTo(want.confidence(), within(1e-6));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
