package io.thalamus.router.quality;

import io.thalamus.api.routing.QuestionFit;
import io.thalamus.api.task.TaskId;
import io.thalamus.model.EncoderOptions;
import io.thalamus.model.SentenceEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The question-level quality predictor on the real MiniLM encoder: two specialists scored on a handful of
 * questions each are predicted good on paraphrases of their own questions, bad on the other's, and unknown on
 * questions like neither's (where a generalist keeps its general quality).
 */
class QuestionQualityTest {

    private static final String OCR = "pp-ocrv4";
    private static final String SCENE = "scene-vqa";
    private static final List<String> READING = List.of("What does the sign say?", "Read the text on the label.",
            "What is written on the poster?", "What word is printed on the box?", "Which text appears in the image?",
            "What does the banner read?");
    private static final List<String> SCENE_QUESTIONS = List.of("What shape is the red object?",
            "Is the green object on the left side?", "What is the colour of the object closest to the blue one?",
            "How many objects have the same shape as the yellow one?", "Is the orange object at the top?",
            "What shape is the object furthest from the gray object?");

    private static SentenceEncoder encoder;
    private static QuestionQuality quality;

    @BeforeAll
    static void learnFromScoredQuestions() {
        encoder = SentenceEncoder.fromClasspath("all-minilm-l6-v2-q",
                EncoderOptions.defaults(Path.of("target/djl-cache")));
        quality = new QuestionQuality(new Settings(), encoder::embed);
        for (String question : READING) {
            quality.learn(TaskId.VQA, OCR, question, 1.0);
            quality.learn(TaskId.VQA, SCENE, question, 0.0);
        }
        for (String question : SCENE_QUESTIONS) {
            quality.learn(TaskId.VQA, SCENE, question, 1.0);
            quality.learn(TaskId.VQA, OCR, question, 0.0);
        }
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void aReadingQuestionIsPredictedGoodForOcrAndBadForTheSceneModel() {
        QuestionQuality.Predictor predictor = quality.forRequest(TaskId.VQA, "What do the letters on the door say?");
        QuestionFit ocr = predictor.fit(OCR, 0.8).orElseThrow();
        QuestionFit scene = predictor.fit(SCENE, 0.95).orElseThrow();
        assertThat(ocr.predicted()).isGreaterThan(0.6).isGreaterThan(scene.predicted() + 0.3);
        assertThat(ocr.neighbours()).isPositive();
        assertThat(ocr.general()).isEqualTo(0.8);
        assertThat(ocr.examples()).isEqualTo(READING.size() + SCENE_QUESTIONS.size());
    }

    @Test
    void aSceneQuestionIsPredictedGoodForTheSceneModel() {
        QuestionQuality.Predictor predictor = quality.forRequest(TaskId.VQA,
                "Which shape has the object nearest to the red square?");
        assertThat(predictor.fit(SCENE, 0.95).orElseThrow().predicted())
                .isGreaterThan(predictor.fit(OCR, 0.8).orElseThrow().predicted() + 0.3);
    }

    @Test
    void aQuestionLikeNeitherLeavesBothSpecialistsBelowAGeneralistsPrior() {
        QuestionQuality.Predictor predictor = quality.forRequest(TaskId.VQA,
                "Which breed of dog is sleeping on the sofa?");
        assertThat(predictor.fit(OCR, 0.8).orElseThrow().predicted()).isLessThan(0.7);
        assertThat(predictor.fit(SCENE, 0.95).orElseThrow().predicted()).isLessThan(0.7);
        assertThat(predictor.fit("general-vlm", 0.7)).as("no examples: general quality").isEmpty();
    }

    @Test
    void tasksNotJudgedByQuestionAreLeftAlone() {
        assertThat(quality.judges(TaskId.RETRIEVAL)).isFalse();
        assertThat(quality.forRequest(TaskId.RETRIEVAL, "vitamin D").fit(OCR, 0.5)).isEmpty();
    }

    static class Settings implements QuestionQualityConfig {
        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public Set<String> tasks() {
            return Set.of("vqa");
        }

        @Override
        public int neighbours() {
            return 10;
        }

        @Override
        public double similarityFloor() {
            return 0.5;
        }

        @Override
        public double neutralQuality() {
            return 0.5;
        }

        @Override
        public double neutralWeight() {
            return 1.0;
        }

        @Override
        public int maxLearnedExamples() {
            return 100;
        }

        @Override
        public int maxQuestionChars() {
            return 1000;
        }
    }
}
