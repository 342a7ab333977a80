package io.thalamus.router.e2e;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.thalamus.api.registry.ExpertState;
import io.thalamus.api.task.TaskId;
import io.thalamus.router.directory.ExpertDirectory;
import io.thalamus.router.openai.OpenAiSdkRequests;
import io.thalamus.testkit.Await;
import io.thalamus.testkit.keycloak.KeycloakTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * Text-to-image through the router with the real diffusion-pruner expert (the packaged application: base UNet,
 * APTP router and its codes on PyTorch): the router stores a job in PostgreSQL and hands it over Kafka, the expert
 * routes the prompt to a code, samples it and publishes the PNG, and the caller reads it back, over the REST task
 * API and the OpenAI-compatible images endpoint.
 */
@QuarkusTest
@QuarkusTestResource(PlatformServicesResource.class)
class DiffusionThroughRouterTest {

    private static final String EXPERT = PlatformServices.DIFFUSION_EXPERT_ID;
    private static final RunningServices experts = new RunningServices();

    @Inject
    ExpertDirectory directory;

    private String token;

    @BeforeAll
    static void startDiffusionExpert() {
        experts.add(PlatformServices.startDiffusionExpert(PlatformServicesResource.registry().baseUri(), Map.of()));
    }

    @AfterAll
    static void stopDiffusionExpert() {
        experts.close();
    }

    @BeforeEach
    void expertIsRoutable() {
        token = KeycloakTokens.serviceAccount("acme-app");
        Await.until("the diffusion expert READY in the router's table", () -> directory
                .expertsFor(TaskId.TEXT_TO_IMAGE).stream()
                .anyMatch(expert -> expert.id().equals(EXPERT) && expert.state() == ExpertState.READY));
    }

    @Test
    void aPromptBecomesAJobAndItsPngNamesTheCodeThatMadeIt() throws Exception {
        Response accepted = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("task", "text-to-image",
                        "input", Map.of("text", "A small red circle in the top left and a blue square at the bottom."),
                        "params", Map.of("steps", 10, "seed", 3)))
                .post("/v1/tasks");
        accepted.then().statusCode(202)
                .body("status", equalTo("QUEUED"))
                .body("routing.task", equalTo("text-to-image"))
                .body("routing.expertId", equalTo(EXPERT));
        String id = accepted.jsonPath().getString("id");
        assertThat(accepted.header("Location")).endsWith("/v1/tasks/" + id);

        Response done = awaitFinished(id);
        done.then().body("status", equalTo("SUCCEEDED"))
                .body("output.images.size()", equalTo(1))
                .body("output.images[0].mediaType", equalTo("image/png"))
                .body("output.steps", equalTo(10))
                .body("output.codeSet", startsWith("aptp-"));
        assertThat(done.<Integer>path("output.code")).as("the code that served the prompt").isNotNull()
                .isGreaterThanOrEqualTo(0);
        BufferedImage png = decode(done.path("output.images[0].base64"));
        assertThat(png.getWidth()).isEqualTo(32);
        assertThat(png.getHeight()).isEqualTo(32);
        // one image billed at the code's share of the full network's MACs (thalamus.diffusion.credits-per-image 0.02)
        float macsRatio = done.path("output.macsRatio");
        float credits = done.path("usage.credits");
        assertThat((double) credits).isCloseTo(0.02 * macsRatio, within(1e-6));
        assertThat(PublishedResults.of(id)).hasSize(1);
    }

    @Test
    void theOpenAiImagesEndpointAnswersWithThePngs() throws IOException {
        // client.images.generate(model="auto", prompt=..., n=2, size="32x32", response_format="b64_json")
        Response response = OpenAiSdkRequests.as(token).body(Map.of("prompt", "The letters \"T H\" in green.", "model", "auto", "n", 2,
                        "size", "32x32", "response_format", "b64_json"))
                .post("/v1/images/generations");
        response.then().statusCode(200)
                .body("data.size()", equalTo(2))
                .body("routing.expertId", equalTo(EXPERT));
        List<String> images = response.jsonPath().getList("data.b64_json", String.class);
        for (String image : images) {
            BufferedImage png = decode(image);
            assertThat(png.getWidth()).isEqualTo(32);
            assertThat(png.getHeight()).isEqualTo(32);
        }
        assertThat(images.get(0)).as("two seeds, two images").isNotEqualTo(images.get(1));
    }

    @Test
    void anEmptyPromptIsRefusedBeforeAnyJob() {
        OpenAiSdkRequests.as(token).body(Map.of("prompt", "", "model", "auto")).post("/v1/images/generations")
                .then().statusCode(400).body("error.param", equalTo("prompt"));
    }

    private Response awaitFinished(String id) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(120));
        while (true) {
            Response job = given().auth().oauth2(token).get("/v1/tasks/{id}", id);
            job.then().statusCode(200);
            String status = job.path("status");
            if ("SUCCEEDED".equals(status) || "FAILED".equals(status)) {
                return job;
            }
            assertThat(Instant.now()).as("job " + id + " finished (now " + status + ")").isBefore(until);
            Thread.sleep(250);
        }
    }


    private static BufferedImage decode(String base64) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
        assertThat(image).as("a PNG").isNotNull();
        return image;
    }
}
