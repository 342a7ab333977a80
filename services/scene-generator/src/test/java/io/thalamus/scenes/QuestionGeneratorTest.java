package io.thalamus.scenes;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class QuestionGeneratorTest {

    private final SceneSpec spec = SceneSpec.sortOfClevr();
    private final SceneGenerator generator = new SceneGenerator(spec);
    private final QuestionGenerator questions = new QuestionGenerator(spec, Phrasings.ALL);

    /** A hand-made scene whose answers are worked out by hand. */
    private final Scene scene = new Scene(75, 75, List.of(
            new SceneObject(SceneColour.RED, ObjectShape.SQUARE, 10, 10, 5),
            new SceneObject(SceneColour.GREEN, ObjectShape.CIRCLE, 30, 12, 5),
            new SceneObject(SceneColour.BLUE, ObjectShape.SQUARE, 64, 64, 5),
            new SceneObject(SceneColour.ORANGE, ObjectShape.CIRCLE, 60, 20, 5),
            new SceneObject(SceneColour.YELLOW, ObjectShape.SQUARE, 20, 60, 5),
            new SceneObject(SceneColour.GRAY, ObjectShape.CIRCLE, 45, 40, 5)));

    @Test
    void nonRelationalAnswersComeFromTheObjectItself() {
        assertThat(QuestionGenerator.answer(scene, QuestionKind.SHAPE, SceneColour.RED)).isEqualTo("square");
        assertThat(QuestionGenerator.answer(scene, QuestionKind.SHAPE, SceneColour.GRAY)).isEqualTo("circle");
        assertThat(QuestionGenerator.answer(scene, QuestionKind.HORIZONTAL, SceneColour.RED)).isEqualTo("left");
        assertThat(QuestionGenerator.answer(scene, QuestionKind.HORIZONTAL, SceneColour.GRAY)).isEqualTo("right");
        assertThat(QuestionGenerator.answer(scene, QuestionKind.VERTICAL, SceneColour.ORANGE)).isEqualTo("top");
        assertThat(QuestionGenerator.answer(scene, QuestionKind.VERTICAL, SceneColour.YELLOW)).isEqualTo("bottom");
    }

    @Test
    void relationalAnswersCompareWithTheOtherObjects() {
        // red (10,10): green at distance ~20 is closest, blue at (64,64) furthest
        assertThat(QuestionGenerator.answer(scene, QuestionKind.CLOSEST_SHAPE, SceneColour.RED)).isEqualTo("circle");
        assertThat(QuestionGenerator.answer(scene, QuestionKind.FURTHEST_SHAPE, SceneColour.RED)).isEqualTo("square");
        // blue (64,64): gray (45,40) closest, red furthest
        assertThat(QuestionGenerator.answer(scene, QuestionKind.CLOSEST_SHAPE, SceneColour.BLUE)).isEqualTo("circle");
        assertThat(QuestionGenerator.answer(scene, QuestionKind.FURTHEST_SHAPE, SceneColour.BLUE)).isEqualTo("square");
        // three squares and three circles: two others share each shape
        assertThat(QuestionGenerator.answer(scene, QuestionKind.SAME_SHAPE_COUNT, SceneColour.RED)).isEqualTo("2");
        assertThat(QuestionGenerator.answer(scene, QuestionKind.SAME_SHAPE_COUNT, SceneColour.GREEN)).isEqualTo("2");
    }

    @Test
    void askedQuestionsNameTheirSubjectAndCarryTheTrueAnswer() {
        Random random = new Random(9);
        for (int i = 0; i < 200; i++) {
            Scene generated = generator.scene(9, i);
            for (Question question : questions.askAll(generated, 2, random)) {
                assertThat(question.text()).contains(question.subject().word()).doesNotContain("{c}");
                assertThat(question.answer())
                        .isEqualTo(QuestionGenerator.answer(generated, question.kind(), question.subject()))
                        .isIn(questions.answers());
            }
        }
    }

    @Test
    void answersCoverTheVocabularyAndNeitherAnswerOfABinaryKindDominates() {
        Random random = new Random(1);
        Map<String, Integer> counts = new HashMap<>();
        int asked = 0;
        for (int i = 0; i < 2000; i++) {
            Scene generated = generator.scene(1, i);
            for (Question question : questions.askAll(generated, 1, random)) {
                counts.merge(question.answer(), 1, Integer::sum);
                asked++;
            }
        }
        assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(questions.answers());
        assertThat(asked).isEqualTo(12000);
        assertThat(counts.get("left")).isBetween(800, 1200);
        assertThat(counts.get("top")).isBetween(800, 1200);
    }

    @Test
    void heldOutPhrasingsAreNeverUsedForTraining() {
        QuestionGenerator training = new QuestionGenerator(spec, Phrasings.TRAINING);
        QuestionGenerator heldOut = new QuestionGenerator(spec, Phrasings.HELD_OUT);
        Set<String> trainingTexts = new HashSet<>(training.allTexts());
        assertThat(heldOut.allTexts()).isNotEmpty().noneMatch(trainingTexts::contains);
        assertThat(questions.allTexts()).hasSize(trainingTexts.size() + heldOut.allTexts().size());
        assertThat(questions.answers()).containsExactly("square", "circle", "left", "right", "top", "bottom",
                "0", "1", "2", "3", "4", "5");
    }

    @Test
    void questionsAreDeterministicForASeed() {
        Scene generated = generator.scene(2, 2);
        assertThat(questions.askAll(generated, 3, new Random(5)))
                .isEqualTo(questions.askAll(generated, 3, new Random(5)));
    }
}
