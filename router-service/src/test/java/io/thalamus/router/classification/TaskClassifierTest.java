package io.thalamus.router.classification;

import io.thalamus.api.task.TaskId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The committed production classifier with its real encoder, on requests whose task is clear (and some that are not). */
class TaskClassifierTest {

    private static final Path CACHE = Path.of(System.getProperty("thalamus.build.dir", "target"), "djl-cache");

    private static TaskClassifier classifier;

    @BeforeAll
    static void load() {
        classifier = TaskClassifier.load(-1, 2, CACHE);
    }

    @AfterAll
    static void close() {
        classifier.close();
    }

    @Test
    void factualQuestionIsRetrieval() {
        assertConfident("what is the boiling point of ethanol", TaskId.RETRIEVAL);
        assertConfident("how long does it take for a passport renewal to arrive", TaskId.RETRIEVAL);
    }

    @Test
    void scientificClaimIsRetrieval() {
        assertConfident("Statin therapy lowers the risk of stroke in patients with type 2 diabetes.", TaskId.RETRIEVAL);
    }

    @Test
    void styledScenePromptIsTextToImage() {
        assertConfident("a watercolor painting of a fox in a snowy forest, highly detailed", TaskId.TEXT_TO_IMAGE);
        assertConfident("portrait of an old sailor, dramatic lighting, oil on canvas, trending on artstation",
                TaskId.TEXT_TO_IMAGE);
    }

    @Test
    void anyTextWithAnImageIsVqa() {
        for (String text : List.of("What color is the umbrella the woman is holding?",
                "a watercolor painting of a fox in a snowy forest", "what is the boiling point of ethanol", "")) {
            Classification c = classifier.classify(text, true);
            assertThat(c.task()).as(text).isEqualTo(TaskId.VQA);
            assertThat(c.confident()).as(text).isTrue();
        }
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
        Classification c = classifier.classify("Barack Obama", false);
        assertThat(c.confident()).isFalse();
        assertThat(c.confidence()).isLessThan(classifier.threshold());
    }

    @Test
    void probabilitiesAreRankedAndSumToOne() {
        Classification c = classifier.classify("a castle on a hill at sunset", false);
        List<Double> values = new ArrayList<>(c.probabilities().values());
        assertThat(values).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(values.stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1.0, within(1e-9));
        assertThat(c.confidence()).isEqualTo(values.get(0));
        assertThat(c.probabilities().keySet()).containsExactlyInAnyOrder(TaskId.RETRIEVAL, TaskId.TEXT_TO_IMAGE);
    }

    @Test
    void restrictingTheAvailableTasksRenormalises() {
        Classification c = classifier.classify("a watercolor painting of a fox in the snow", false, Set.of(TaskId.RETRIEVAL));
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

    private static void assertConfident(String text, TaskId expected) {
        Classification c = classifier.classify(text, false);
        assertThat(c.task()).as(text + " " + c.probabilities()).isEqualTo(expected);
        assertThat(c.confident()).as(text + " " + c.probabilities()).isTrue();
    }
}
