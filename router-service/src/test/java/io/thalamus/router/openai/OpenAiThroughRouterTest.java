package io.thalamus.router.openai;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.thalamus.api.registry.ExpertState;
import io.thalamus.api.task.TaskId;
import io.thalamus.router.directory.ExpertDirectory;
import io.thalamus.router.e2e.PlatformServicesResource;
import io.thalamus.router.input.TestImages;
import io.thalamus.testkit.keycloak.KeycloakTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

/**
 * The OpenAI-compatible endpoints against the real registry and the real retrieval expert (MiniLM), with requests
 * shaped as the official openai-python SDK sends them: its headers, and only the body fields the caller set (plus
 * {@code encoding_format=base64}, which the SDK adds to embedding requests and decodes itself).
 */
@QuarkusTest
@QuarkusTestResource(PlatformServicesResource.class)
class OpenAiThroughRouterTest {

    private static final String EXPERT_ID = "retrieval-minilm-scifact";
    private static final String MODEL_ID = "all-minilm-l6-v2-q";

    @Inject
    ExpertDirectory directory;

    private String token;

    @BeforeEach
    void embeddingExpertIsRoutable() throws InterruptedException {
        token = KeycloakTokens.serviceAccount("acme-app");
        Instant until = Instant.now().plus(Duration.ofSeconds(60));
        while (directory.expertsFor(TaskId.EMBEDDING).stream().noneMatch(e -> e.state() == ExpertState.READY)) {
            assertThat(Instant.now()).as("retrieval expert READY for embedding in the router's table").isBefore(until);
            Thread.sleep(200);
        }
    }

    @Test
    void embeddingsAsTheSdkAsksForThemComeFromTheRetrievalExpertsEncoder() {
        // client.embeddings.create(model="auto", input=[...]) sends encoding_format=base64 and decodes it itself
        Response response = OpenAiSdkRequests.as(token).body(Map.of("input", List.of(
                        "Vitamin D deficiency affects bone health",
                        "Low vitamin D levels weaken bones",
                        "The stock market fell sharply on Tuesday"),
                "model", "auto", "encoding_format", "base64"))
                .post("/v1/embeddings");
        response.then().statusCode(200)
                .body("object", equalTo("list"))
                .body("model", equalTo(MODEL_ID))
                .body("data.object", hasItems("embedding"))
                .body("data.index", equalTo(List.of(0, 1, 2)))
                .body("usage.prompt_tokens", equalTo(0));
        List<float[]> vectors = response.jsonPath().getList("data.embedding", String.class).stream()
                .map(OpenAiThroughRouterTest::decode).toList();
        assertThat(vectors).allSatisfy(vector -> {
            assertThat(vector).hasSize(384);
            assertThat(norm(vector)).isCloseTo(1.0, within(1e-3));
        });
        assertThat(cosine(vectors.get(0), vectors.get(1)))
                .as("paraphrases are closer than unrelated texts")
                .isGreaterThan(cosine(vectors.get(0), vectors.get(2)) + 0.3);
    }

    @Test
    void floatEmbeddingsOfOneStringPinnedByModelIdOrExpertId() {
        for (String model : List.of(MODEL_ID, EXPERT_ID)) {
            Response response = OpenAiSdkRequests.as(token).body(Map.of("input", "Vitamin D deficiency affects bone health",
                    "model", model, "encoding_format", "float")).post("/v1/embeddings");
            response.then().statusCode(200).body("data.size()", equalTo(1)).body("model", equalTo(MODEL_ID));
            List<Float> vector = response.jsonPath().getList("data[0].embedding", Float.class);
            assertThat(vector).hasSize(384);
        }
    }

    @Test
    void anUnknownModelIsA404TheSdkCanRead() {
        OpenAiSdkRequests.as(token).body(Map.of("input", "hello", "model", "text-embedding-3-small")).post("/v1/embeddings")
                .then().statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("https://thalamus.dev/problems/not-found"))
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo("model"))
                .body("error.code", equalTo("not-found"))
                .body("error.message", startsWith("The model 'text-embedding-3-small' does not exist"));
    }

    @Test
    void tokenArraysAreRefusedNamingTheInput() {
        OpenAiSdkRequests.as(token).body(Map.of("input", List.of(List.of(1, 2, 3)), "model", "auto")).post("/v1/embeddings")
                .then().statusCode(400)
                .body("error.param", equalTo("input[0]"))
                .body("errors[0].field", equalTo("input[0]"));
    }

    @Test
    void requestsWithoutATokenAreRefusedWithAnOpenAiError() {
        given().contentType("application/json").body(Map.of("input", "x", "model", "auto")).post("/v1/embeddings")
                .then().statusCode(401)
                .body("error.type", equalTo("authentication_error"));
    }

    @Test
    void theModelListHasAutoAndTheExperts() {
        OpenAiSdkRequests.as(token).get("/v1/models")
                .then().statusCode(200)
                .body("object", equalTo("list"))
                .body("data.id", hasItems("auto", EXPERT_ID))
                .body("data.find { it.id == '" + EXPERT_ID + "' }.object", equalTo("model"))
                .body("data.find { it.id == '" + EXPERT_ID + "' }.model_id", equalTo(MODEL_ID))
                .body("data.find { it.id == '" + EXPERT_ID + "' }.tasks", hasItems("retrieval", "embedding"));
        OpenAiSdkRequests.as(token).get("/v1/models/" + EXPERT_ID).then().statusCode(200).body("owned_by", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void aQuestionAboutAnImageIsAVisualQuestionForTheRouter() {
        // client.chat.completions.create(model="auto", messages=[{"role":"user","content":[text, image_url]}])
        String dataUrl = "data:image/png;base64," + Base64.getEncoder().encodeToString(TestImages.png(32, 32));
        OpenAiSdkRequests.as(token).body(Map.of("model", "auto", "messages", List.of(
                        Map.of("role", "system", "content", "You are a helpful assistant."),
                        Map.of("role", "user", "content", List.of(
                                Map.of("type", "text", "text", "What colour is the square?"),
                                Map.of("type", "image_url", "image_url", Map.of("url", dataUrl, "detail", "auto")))))))
                .post("/v1/chat/completions")
                .then().statusCode(503)
                .body("type", equalTo("https://thalamus.dev/problems/no-expert-available"))
                .body("detail", org.hamcrest.Matchers.containsString("'vqa'"))
                .body("error.code", equalTo("no-expert-available"));
    }

    @Test
    void chatProblemsNameTheOffendingField() {
        OpenAiSdkRequests.as(token).body(Map.of("model", "auto", "messages", List.of(Map.of("role", "user", "content", "Hello"))))
                .post("/v1/chat/completions")
                .then().statusCode(400).body("error.param", equalTo("messages"))
                .body("error.message", org.hamcrest.Matchers.containsString("image_url"));
        OpenAiSdkRequests.as(token).body(Map.of("model", "auto", "stream", true, "messages", List.of(Map.of("role", "user", "content", "Hi"))))
                .post("/v1/chat/completions")
                .then().statusCode(400).body("error.param", equalTo("stream"));
        String jpegDeclaredAsPng = "data:image/png;base64," + Base64.getEncoder().encodeToString(TestImages.jpeg(8, 8));
        OpenAiSdkRequests.as(token).body(chatWithImage(jpegDeclaredAsPng)).post("/v1/chat/completions")
                .then().statusCode(400)
                .body("error.param", equalTo("messages[0].content[1].image_url.url.mediaType"))
                .body("errors[0].message", equalTo("declares image/png but the content is image/jpeg"));
        OpenAiSdkRequests.as(token).body(chatWithImage("https://example.org/cat.png")).post("/v1/chat/completions")
                .then().statusCode(400)
                .body("error.param", equalTo("messages[0].content[1].image_url.url"))
                .body("error.message", org.hamcrest.Matchers.containsString("image-url.enabled"));
    }

    @Test
    void imageGenerationWithoutATextToImageExpertIsTheRoutersNoExpertProblem() {
        OpenAiSdkRequests.as(token).body(Map.of("prompt", "a red cube on a blue sphere", "model", "auto", "n", 1, "size", "512x512",
                        "response_format", "b64_json"))
                .post("/v1/images/generations")
                .then().statusCode(503)
                .body("type", equalTo("https://thalamus.dev/problems/no-expert-available"))
                .body("error.type", equalTo("server_error"));
        OpenAiSdkRequests.as(token).body(Map.of("prompt", "a cube", "size", "big")).post("/v1/images/generations")
                .then().statusCode(400).body("error.param", equalTo("size"));
    }

    @Test
    void aBodyOverTheRequestLimitIsA413Problem() {
        byte[] body = new byte[12_582_913];
        java.util.Arrays.fill(body, (byte) ' ');
        given().auth().oauth2(token).contentType("application/json").body(body).post("/v1/tasks")
                .then().statusCode(413)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("https://thalamus.dev/problems/payload-too-large"));
    }

    @Test
    void anImageOverThePixelLimitIsRefusedOnTasks() {
        String webp = Base64.getEncoder().encodeToString(TestImages.webpLossless(16_000, 16_000));
        given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("task", "vqa", "input", Map.of("text", "what is this?",
                        "image", Map.of("mediaType", "image/webp", "base64", webp))))
                .post("/v1/tasks")
                .then().statusCode(400)
                .body("errors.field", hasItem("input.image.base64"))
                .body("errors[0].message", startsWith("is 16000×16000 = 256000000 pixels"));
    }

    private static Map<String, Object> chatWithImage(String url) {
        return Map.of("model", "auto", "messages", List.of(Map.of("role", "user", "content", List.of(
                Map.of("type", "text", "text", "What is this?"),
                Map.of("type", "image_url", "image_url", Map.of("url", url))))));
    }


    private static float[] decode(String base64) {
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
        float[] vector = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(vector);
        return vector;
    }

    private static double norm(float[] vector) {
        return Math.sqrt(cosineDot(vector, vector));
    }

    private static double cosine(float[] a, float[] b) {
        return cosineDot(a, b) / (norm(a) * norm(b));
    }

    private static double cosineDot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
