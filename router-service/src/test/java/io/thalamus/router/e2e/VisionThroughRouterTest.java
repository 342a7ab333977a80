package io.thalamus.router.e2e;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.thalamus.api.registry.ExpertState;
import io.thalamus.api.task.TaskId;
import io.thalamus.router.directory.ExpertDirectory;
import io.thalamus.router.input.TestImages;
import io.thalamus.scenes.Phrasings;
import io.thalamus.scenes.Question;
import io.thalamus.scenes.QuestionGenerator;
import io.thalamus.scenes.QuestionKind;
import io.thalamus.scenes.Scene;
import io.thalamus.scenes.SceneGenerator;
import io.thalamus.scenes.SceneRenderer;
import io.thalamus.scenes.SceneSpec;
import io.thalamus.testkit.Await;
import io.thalamus.testkit.keycloak.KeycloakTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.CRC32;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.oneOf;

/**
 * VQA through the router with the real vision experts (OCR: PP-OCRv4 on ONNX Runtime; scene: the trained
 * relational model on PyTorch), both registered for {@code vqa}: each question goes to the expert whose scored
 * examples resemble it (question-level quality), and bad images are refused before any expert sees them.
 */
@QuarkusTest
@QuarkusTestResource(PlatformServicesResource.class)
class VisionThroughRouterTest {

    private static final String OCR = "ocr-ppocrv4";
    private static final String SCENE = "scene-vqa";
    private static final RunningServices experts = new RunningServices();

    @Inject
    ExpertDirectory directory;

    private String token;

    @BeforeAll
    static void startVisionExperts() {
        experts.add(PlatformServices.startVisionExpert("ocr", PlatformServicesResource.registry().baseUri()));
        experts.add(PlatformServices.startVisionExpert("scene", PlatformServicesResource.registry().baseUri()));
    }

    @AfterAll
    static void stopVisionExperts() {
        experts.close();
    }

    @BeforeEach
    void bothExpertsAreRoutable() {
        token = KeycloakTokens.serviceAccount("acme-app");
        Await.until("both vision experts READY in the router's table", () -> directory.expertsFor(TaskId.VQA)
                .stream().filter(expert -> expert.state() == ExpertState.READY).map(expert -> expert.id())
                .toList().containsAll(Set.of(OCR, SCENE)));
    }

    @Test
    void aReadingQuestionIsAnsweredByOcrWithTheText() throws IOException {
        Response answer = ask("What is printed on this sign?", png(text("THALAMUS 42")))
                .then().statusCode(200)
                .body("routing.expertId", equalTo(OCR))
                .extract().response();
        assertThat(answer.<String>path("output.answer")).isEqualToIgnoringWhitespace("THALAMUS 42");
        float ocrQuality = answer.path("routing.terms.questionFit.predicted");
        float sceneQuality = answer.path("routing.alternatives.find { it.expertId == '" + SCENE
                + "' }.terms.questionFit.predicted");
        assertThat(ocrQuality).as("predicted for this question").isGreaterThan(sceneQuality + 0.3f);
    }

    @Test
    void sceneQuestionsAreAnsweredByTheSceneModel() {
        SceneSpec spec = SceneSpec.sortOfClevr();
        SceneGenerator scenes = new SceneGenerator(spec);
        QuestionGenerator questions = new QuestionGenerator(spec, Phrasings.TRAINING);
        SceneRenderer renderer = new SceneRenderer();
        int right = 0;
        QuestionKind[] kinds = QuestionKind.values();
        for (int i = 0; i < kinds.length; i++) {
            Scene scene = scenes.scene(99, i);
            Question question = questions.ask(scene, kinds[i], new Random(i));
            Response answer = ask(question.text(), renderer.png(scene))
                    .then().statusCode(200)
                    .body("routing.expertId", equalTo(SCENE))
                    .extract().response();
            right += question.answer().equals(answer.path("output.answer")) ? 1 : 0;
        }
        assertThat(right).as("right answers of " + kinds.length + " (the model is 95%+ accurate)")
                .isGreaterThanOrEqualTo(kinds.length - 1);
    }

    @Test
    void corruptAndOversizedImagesAreRefusedWithAProblem() throws IOException {
        byte[] corrupt = png(text("BROKEN"));
        corrupt = Arrays.copyOf(corrupt, corrupt.length / 2);
        ask("What does the sign say?", corrupt)
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", containsString("invalid-image"));
        ask("What does the sign say?", claiming(TestImages.png(8, 8), 40_000, 40_000))
                .then().statusCode(oneOf(400, 413))
                .contentType("application/problem+json")
                .body("errors[0].message", containsString("pixels"));
    }

    private Response ask(String question, byte[] png) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("task", "vqa", "input", Map.of("text", question,
                        "image", Map.of("mediaType", "image/png", "base64", Base64.getEncoder().encodeToString(png)))))
                .post("/v1/tasks");
    }

    /** A real PNG whose header claims another size (CRC fixed), as a decompression bomb's would. */
    private static byte[] claiming(byte[] png, int width, int height) {
        byte[] patched = png.clone();
        ByteBuffer header = ByteBuffer.wrap(patched);
        header.putInt(16, width).putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(patched, 12, 17);
        header.putInt(29, (int) crc.getValue());
        return patched;
    }

    private static BufferedImage text(String text) {
        BufferedImage image = new BufferedImage(420, 120, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, image.getWidth(), image.getHeight());
            graphics.setColor(Color.BLACK);
            graphics.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 48));
            graphics.drawString(text, 20, 80);
        } finally {
            graphics.dispose();
        }
        return image;
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }
}
