package io.thalamus.vision.scene;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.smallrye.common.annotation.Identifier;
import io.thalamus.api.invoke.InvokeRequest;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.task.ImageInput;
import io.thalamus.api.task.TaskId;
import io.thalamus.api.task.TaskInput;
import io.thalamus.expert.security.CallerRoles;
import io.thalamus.expert.spi.Expert;
import io.thalamus.scenes.Phrasings;
import io.thalamus.scenes.Question;
import io.thalamus.scenes.QuestionGenerator;
import io.thalamus.scenes.QuestionKind;
import io.thalamus.scenes.Scene;
import io.thalamus.scenes.SceneGenerator;
import io.thalamus.scenes.SceneRenderer;
import io.thalamus.scenes.SceneSpec;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** The scene VQA expert with the committed weights and the real MiniLM encoder, on scenes it never saw. */
@QuarkusTest
@TestProfile(SceneProfile.class)
@TestSecurity(user = "thalamus-router", roles = CallerRoles.ROUTER)
class SceneVqaExpertTest {

    /** A series no training or evaluation run uses. */
    private static final long SEED = 20_261_202L;

    private final SceneSpec spec = SceneSpec.sortOfClevr();
    private final SceneGenerator generator = new SceneGenerator(spec);
    private final SceneRenderer renderer = new SceneRenderer();

    @Inject
    Expert expert;

    @Inject
    @Identifier(SceneVqaExpert.ID)
    SceneVqaExpert sceneExpert;

    @Test
    void theServedExpertIsTheSceneExpert() {
        assertThat(expert.ready()).isTrue();
        assertThat(sceneExpert.model().answers()).containsExactlyElementsOf(new QuestionGenerator(spec,
                Phrasings.ALL).answers());
    }

    @Test
    void answersQuestionsOfEveryKindAboutNewScenesInOneBatch() {
        QuestionGenerator questions = new QuestionGenerator(spec, Phrasings.TRAINING);
        List<InvokeRequest> requests = new ArrayList<>();
        List<Question> asked = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Scene scene = generator.scene(SEED, i);
            byte[] png = renderer.png(scene);
            for (Question question : questions.askAll(scene, 1, new Random(i))) {
                asked.add(question);
                requests.add(request(question.text(), png));
            }
        }
        List<Object> outputs = expert.invokeBatch(requests);
        int[] correct = new int[2];
        for (int i = 0; i < outputs.size(); i++) {
            SceneVqaOutput output = (SceneVqaOutput) outputs.get(i);
            assertThat(output.distribution()).hasSize(5);
            assertThat(output.distribution().get(0).answer()).isEqualTo(output.answer());
            assertThat(output.confidence()).isBetween(0.0, 1.0).isEqualTo(output.distribution().get(0).probability());
            if (output.answer().equals(asked.get(i).answer())) {
                correct[asked.get(i).kind().relational() ? 1 : 0]++;
            }
        }
        // 15 questions of each group; the model scores above 0.9 on both over thousands
        assertThat(correct[0]).as("non-relational answers right of 15").isGreaterThanOrEqualTo(13);
        assertThat(correct[1]).as("relational answers right of 15").isGreaterThanOrEqualTo(12);
    }

    @Test
    void theEvaluationMeasuresTheTargetsOnHeldOutScenes() {
        SceneVqaEvaluation.Result result = new SceneVqaEvaluation(sceneExpert.model(),
                sceneExpert.questionVectors(), spec).evaluate(SEED + 1, 60, Phrasings.TRAINING, 64);
        assertThat(result.nonRelational()).isGreaterThanOrEqualTo(0.9);
        assertThat(result.relational()).isGreaterThanOrEqualTo(0.85);
        assertThat(result.report()).contains("closest-shape").contains("non-relational");
    }

    @Test
    void answersOverTheExpertProtocol() {
        Scene scene = generator.scene(SEED, 100);
        String truth = QuestionGenerator.answer(scene, QuestionKind.SHAPE, scene.objects().get(0).colour());
        Map<String, Object> body = Map.of("requestId", "s1", "tenant", "acme", "task", "vqa",
                "input", Map.of("text", "What is the shape of the " + scene.objects().get(0).colour().word()
                        + " object?",
                        "image", Map.of("mediaType", "image/png",
                                "base64", Base64.getEncoder().encodeToString(renderer.png(scene)))),
                "deadline", Instant.now().plusSeconds(60).toString());
        given().contentType(ContentType.JSON).body(body).post("/v1/invoke")
                .then().statusCode(200)
                .body("modelId", equalTo("scene-vqa-relational-minilm"))
                .body("output.answer", equalTo(truth))
                .body("output.distribution[0].answer", equalTo(truth));
    }

    @Test
    void corruptImagesAreProblemsNamingTheField() {
        byte[] png = renderer.png(generator.scene(SEED, 7));
        byte[] truncated = Arrays.copyOf(png, png.length / 3);
        assertThatThrownBy(() -> expert.invoke(request("What shape is the red object?", truncated)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(400);
                    assertThat(e.problem().errors().get(0).field()).isEqualTo("input.image.base64");
                });
        byte[] text = "not an image at all".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> expert.invoke(request("What shape is the red object?", text)))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.problem().status()).isEqualTo(415));
        assertThatThrownBy(() -> expert.invoke(new InvokeRequest("r", "acme", TaskId.VQA,
                TaskInput.text("What shape is the red object?"), Map.of(), null)))
                .isInstanceOfSatisfying(ProblemException.class,
                        e -> assertThat(e.problem().errors().get(0).field()).isEqualTo("input.image"));
    }

    @Test
    void imagesAboveThePixelLimitAreRefusedBeforeDecoding() throws IOException {
        // 5000×1000 is within the side limit but above 4 M pixels
        BufferedImage large = new BufferedImage(5000, 1000, BufferedImage.TYPE_BYTE_BINARY);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(large, "png", bytes);
        assertThatThrownBy(() -> expert.invoke(request("What shape is the red object?", bytes.toByteArray())))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(413);
                    assertThat(e.problem().detail()).contains("5000×1000");
                });
    }

    @Test
    void aBadImageOverHttpIsProblemJson() {
        Map<String, Object> body = Map.of("requestId", "s2", "tenant", "acme", "task", "vqa",
                "input", Map.of("text", "Is the red object on the left or on the right?",
                        "image", Map.of("mediaType", "image/png",
                                "base64", Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4}))),
                "deadline", Instant.now().plusSeconds(60).toString());
        given().contentType(ContentType.JSON).body(body).post("/v1/invoke")
                .then().statusCode(415)
                .contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("input.image.base64"));
    }

    private static InvokeRequest request(String question, byte[] png) {
        return new InvokeRequest("r", "acme", TaskId.VQA, new TaskInput(question, new ImageInput("image/png", png)),
                Map.of(), null);
    }
}
