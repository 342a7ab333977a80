package io.thalamus.router.quality;

import io.thalamus.api.task.TaskId;
import io.thalamus.model.EncoderOptions;
import io.thalamus.model.SentenceEncoder;
import io.thalamus.scenes.Phrasings;
import io.thalamus.scenes.Question;
import io.thalamus.scenes.QuestionGenerator;
import io.thalamus.scenes.QuestionKind;
import io.thalamus.scenes.SceneGenerator;
import io.thalamus.scenes.SceneSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed VQA examples ({@code quality/vqa-examples.tsv}) route questions worded as in none of them: the
 * scene questions' held-out phrasings and reading questions phrased differently from the examples' go to the
 * model that answers them; questions like neither's leave both specialists below a general model's quality.
 */
class CommittedVqaExamplesTest {

    private static final String OCR = "ppocrv4-mobile-det-rec";
    private static final String SCENE = "scene-vqa-relational-minilm";
    private static final List<String> READING = List.of("What's written on that sign?",
            "Please read me the words on the label.", "What do the letters on the shop front spell?",
            "Tell me the text printed on this card.", "What is the title on the book cover?",
            "Read the number plate.", "What does the handwriting say?", "Which word is on the door?");

    private static SentenceEncoder encoder;
    private static QuestionQuality quality;

    @BeforeAll
    static void loadCommittedExamples() {
        encoder = SentenceEncoder.fromClasspath("all-minilm-l6-v2-q",
                EncoderOptions.defaults(Path.of("target/djl-cache")));
        quality = new QuestionQuality(new QuestionQualityTest.Settings(), encoder::embed);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    @Test
    void heldOutPhrasingsGoToTheModelThatAnswersThem() {
        SceneSpec spec = SceneSpec.sortOfClevr();
        SceneGenerator scenes = new SceneGenerator(spec);
        QuestionGenerator heldOut = new QuestionGenerator(spec, Phrasings.HELD_OUT);
        List<String> misrouted = new ArrayList<>();
        int asked = 0;
        for (int i = 0; i < 60; i++) {
            QuestionKind kind = QuestionKind.values()[i % QuestionKind.values().length];
            Question question = heldOut.ask(scenes.scene(41, i), kind, new Random(i));
            asked++;
            if (!prefers(question.text(), SCENE, OCR)) {
                misrouted.add(question.text());
            }
        }
        for (String question : READING) {
            asked++;
            if (!prefers(question, OCR, SCENE)) {
                misrouted.add(question);
            }
        }
        double accuracy = 1 - misrouted.size() / (double) asked;
        System.out.printf(Locale.ROOT, "VQA routing on held-out phrasings: %.3f of %d (misrouted: %s)%n", accuracy,
                asked, misrouted);
        assertThat(accuracy).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void questionsLikeNeithersAreLeftToAGeneralModel() {
        for (String question : List.of("What breed is the dog on the sofa?", "Is this photo taken at night?",
                "How many people are smiling?", "What is the man holding in his left hand?")) {
            QuestionQuality.Predictor predictor = quality.forRequest(TaskId.VQA, question);
            assertThat(predictor.fit(SCENE, 0.9).orElseThrow().predicted()).as(question).isLessThan(0.7);
            assertThat(predictor.fit(OCR, 0.9).orElseThrow().predicted()).as(question).isLessThan(0.7);
        }
    }

    private static boolean prefers(String question, String expected, String other) {
        QuestionQuality.Predictor predictor = quality.forRequest(TaskId.VQA, question);
        return predictor.fit(expected, 0.9).orElseThrow().predicted()
                > predictor.fit(other, 0.9).orElseThrow().predicted();
    }
}
