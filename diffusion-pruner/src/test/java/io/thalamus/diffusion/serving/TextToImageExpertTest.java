package io.thalamus.diffusion.serving;

import ai.djl.nn.ParameterList;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.thalamus.api.invoke.InvokeRequest;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.task.TaskId;
import io.thalamus.api.task.TaskInput;
import io.thalamus.diffusion.aptp.PromptRouter;
import io.thalamus.diffusion.data.PromptGenerator;
import io.thalamus.diffusion.data.PromptKind;
import io.thalamus.diffusion.data.PromptedImage;
import io.thalamus.diffusion.model.DiffusionModel;
import io.thalamus.diffusion.model.SubNetwork;
import io.thalamus.expert.security.CallerRoles;
import io.thalamus.expert.spi.Expert;
import io.thalamus.model.Standardisation;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/**
 * The text-to-image expert with the bundled base UNet and the aptp-65 code set, the real MiniLM encoder and the
 * runtime's batching, as the router calls it.
 */
@QuarkusTest
@TestProfile(DiffusionExpertProfile.class)
@TestSecurity(user = "thalamus-router", roles = CallerRoles.ROUTER)
class TextToImageExpertTest {

    /** A series of prompts no training run uses. */
    private static final long SEED = 20_261_202L;
    private static final String PROBLEM_JSON = "application/problem+json";

    @Inject
    Expert expert;

    @Inject
    ServedModels models;

    @Test
    void theServedExpertRoutesPromptsToCodesOfTheConfiguredBudget() {
        assertThat(expert).isInstanceOf(TextToImageExpert.class);
        assertThat(expert.ready()).isTrue();
        CodeSet set = models.current();
        assertThat(set.name()).isEqualTo("aptp-65");
        assertThat(set.codes()).isNotEmpty().allSatisfy(code -> {
            assertThat(code.macsRatio()).isBetween(0.0, 1.0);
            assertThat(code.model().net().structure()).isEqualTo(code.structure());
        });
        String key = expert.batchKey(request("A red circle in the top left.", Map.of()));
        assertThat(key).matches("code-\\d+");
        assertThat(expert.batchKey(request("A red circle in the top left.", Map.of("steps", 10))))
                .isEqualTo(key + "/steps=10,guidance=3.0");
    }

    @Test
    void promptsOfEveryKindGetPngsFromTheirCodeAndCodesAreNeverMixedInAPass() throws IOException {
        // prompts of every kind, each with the code the expert routes it to
        PromptGenerator generator = new PromptGenerator();
        List<String> prompts = new ArrayList<>();
        Set<PromptKind> kinds = EnumSet.noneOf(PromptKind.class);
        for (int i = 0; prompts.size() < 20 || kinds.size() < PromptKind.values().length; i++) {
            PromptedImage example = generator.prompted(SEED, i);
            if (prompts.size() < 20 || !kinds.contains(example.layout().kind())) {
                prompts.add(example.prompt());
                kinds.add(example.layout().kind());
            }
        }
        List<Map<String, Object>> items = new ArrayList<>();
        Map<String, String> keys = new HashMap<>();
        for (int i = 0; i < prompts.size(); i++) {
            items.add(item("p" + i, prompts.get(i), Map.of("steps", 10, "seed", i)));
            keys.put("p" + i, expert.batchKey(request(prompts.get(i), Map.of("steps", 10))));
        }
        Response response = given().contentType(ContentType.JSON).body(Map.of("items", items))
                .post("/v1/invoke:batch");
        response.then().statusCode(200);

        Map<Long, Set<Integer>> codesOfPass = new TreeMap<>();
        Map<Long, Integer> sizeOfPass = new TreeMap<>();
        Set<Integer> codes = new TreeSet<>();
        double perImage = 0.02;
        for (int i = 0; i < prompts.size(); i++) {
            String at = "items[" + i + "].response.";
            assertThat(response.<String>path("items[" + i + "].requestId")).isEqualTo("p" + i);
            int code = response.path(at + "output.code");
            assertThat(keys.get("p" + i)).as("batch key of p" + i).isEqualTo("code-" + code + "/steps=10,guidance=3.0");
            assertThat(response.<String>path(at + "output.codeSet")).isEqualTo("aptp-65");
            assertThat(response.<Integer>path(at + "output.steps")).isEqualTo(10);
            float macsRatio = response.path(at + "output.macsRatio");
            assertThat((double) macsRatio).isCloseTo(models.current().code(code).macsRatio(), within(1e-6));
            float credits = response.path(at + "usage.credits");
            assertThat((double) credits).as("credits of one image on code " + code)
                    .isCloseTo(perImage * macsRatio, within(1e-6));
            assertThat(response.<String>path(at + "output.images[0].mediaType")).isEqualTo("image/png");
            BufferedImage png = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(
                    response.<String>path(at + "output.images[0].base64"))));
            assertThat(png).as("a PNG").isNotNull();
            assertThat(png.getWidth()).isEqualTo(32);
            assertThat(png.getHeight()).isEqualTo(32);
            long pass = ((Number) response.path(at + "output.pass")).longValue();
            codesOfPass.computeIfAbsent(pass, p -> new TreeSet<>()).add(code);
            sizeOfPass.put(pass, response.path(at + "output.passSize"));
            codes.add(code);
        }
        assertThat(codesOfPass.values()).as("codes of each sampler pass").allSatisfy(
                inPass -> assertThat(inPass).hasSize(1));
        assertThat(sizeOfPass.values()).allSatisfy(size -> assertThat(size).isBetween(1, 8));
        assertThat(codesOfPass).as("passes").hasSizeGreaterThanOrEqualTo(codes.size());
        System.out.printf("%d prompts of %d kinds: codes %s in %d passes of sizes %s%n", prompts.size(),
                kinds.size(), codes, codesOfPass.size(), sizeOfPass.values());
    }

    /** Equal up to the float rounding of batched arithmetic: the starting noise is the seed's alone. */
    @Test
    void aSeedGivesTheSameImageAloneAndInsideABatch() throws IOException {
        String prompt = "The letters \"A B\" in blue.";
        Map<String, Object> params = Map.of("steps", 5, "seed", 42);
        TextToImageOutput alone = (TextToImageOutput) expert.invoke(request(prompt, params));
        List<Object> batch = expert.invokeBatch(List.of(request(prompt, Map.of("steps", 5, "seed", 7)),
                request(prompt, params)));
        TextToImageOutput inBatch = (TextToImageOutput) batch.get(1);
        assertThat(inBatch.passSize()).isEqualTo(2);
        double same = meanDifference(alone.images().get(0), inBatch.images().get(0));
        double other = meanDifference(alone.images().get(0), ((TextToImageOutput) batch.get(0)).images().get(0));
        assertThat(same).as("mean difference of a channel value (0-255), same seed").isLessThan(2.0);
        assertThat(other).as("mean difference of a channel value (0-255), other seed").isGreaterThan(3 * same + 3);
    }

    private static double meanDifference(TextToImageOutput.Image a, TextToImageOutput.Image b) throws IOException {
        BufferedImage first = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(a.base64())));
        BufferedImage second = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(b.base64())));
        double total = 0;
        for (int y = 0; y < first.getHeight(); y++) {
            for (int x = 0; x < first.getWidth(); x++) {
                int p = first.getRGB(x, y);
                int q = second.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    total += Math.abs((p >> shift & 0xff) - (q >> shift & 0xff));
                }
            }
        }
        return total / (3.0 * first.getWidth() * first.getHeight());
    }

    @Test
    void severalImagesAndEnlargedImagesOfOnePrompt() throws IOException {
        TextToImageOutput output = (TextToImageOutput) expert.invoke(request("A green square in the centre.",
                Map.of("steps", 5, "n", 2, "width", 128, "height", 128, "seed", 5)));
        assertThat(output.images()).hasSize(2);
        assertThat(output.images()).extracting(TextToImageOutput.Image::seed).containsExactly(5L, 6L);
        for (TextToImageOutput.Image image : output.images()) {
            BufferedImage png = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(image.base64())));
            assertThat(png.getWidth()).isEqualTo(128);
            assertThat(image.width()).isEqualTo(128);
        }
    }

    @Test
    void emptyAndTooLongPromptsAndBadParamsAreProblemJson() {
        given().contentType(ContentType.JSON).body(item("e1", "", Map.of())).post("/v1/invoke")
                .then().statusCode(400)
                .contentType(startsWith(PROBLEM_JSON))
                .body("errors[0].field", startsWith("input"));
        given().contentType(ContentType.JSON).body(item("e2", "   ", Map.of())).post("/v1/invoke")
                .then().statusCode(400)
                .contentType(startsWith(PROBLEM_JSON))
                .body("errors[0].field", startsWith("input"));
        given().contentType(ContentType.JSON).body(item("e3", "a red square ".repeat(20), Map.of()))
                .post("/v1/invoke")
                .then().statusCode(400)
                .contentType(startsWith(PROBLEM_JSON))
                .body("errors[0].field", equalTo("input.text"))
                .body("errors[0].message", equalTo("is 260 characters long; the limit is 200"));
        given().contentType(ContentType.JSON).body(item("e4", "A blue circle.", Map.of("steps", 0, "width", 50)))
                .post("/v1/invoke")
                .then().statusCode(400)
                .contentType(startsWith(PROBLEM_JSON))
                .body("errors.field", hasItem("params.steps"))
                .body("errors.field", hasItem("params.width"));
        // in a batch only the bad item fails
        given().contentType(ContentType.JSON).body(Map.of("items", List.of(item("b1", "", Map.of()),
                        item("b2", "A blue circle.", Map.of("steps", 3)))))
                .post("/v1/invoke:batch")
                .then().statusCode(200)
                .body("items[0].problem.status", equalTo(400))
                .body("items[0].problem.errors[0].field", startsWith("input"))
                .body("items[1].response.output.images.size()", equalTo(1));
        assertThatThrownBy(() -> expert.batchKey(request("x".repeat(201), Map.of())))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(400));
    }

    @Test
    void theBudgetIsSwitchableOnlyToTrainedCodeSets() {
        given().get("/v1/admin/diffusion/budget").then().statusCode(200)
                .body("codeSet", equalTo("aptp-65"))
                .body("available", hasItem(0.65f));
        given().contentType(ContentType.JSON).body(Map.of("budget", 0.37)).put("/v1/admin/diffusion/budget")
                .then().statusCode(404)
                .contentType(startsWith(PROBLEM_JSON))
                .body("type", equalTo("https://thalamus.dev/problems/not-found"));
        given().contentType(ContentType.JSON).body(Map.of("budget", 0.655)).put("/v1/admin/diffusion/budget")
                .then().statusCode(400)
                .contentType(startsWith(PROBLEM_JSON))
                .body("errors[0].field", equalTo("budget"));
        given().contentType(ContentType.JSON).body(Map.of()).put("/v1/admin/diffusion/budget")
                .then().statusCode(400)
                .contentType(startsWith(PROBLEM_JSON));
        given().contentType(ContentType.JSON).body(Map.of("budget", 0.65)).put("/v1/admin/diffusion/budget")
                .then().statusCode(200)
                .body("budget", equalTo(0.65f))
                .body("codes.size()", equalTo(models.current().codes().size()));
    }

    /**
     * A code set of four codes from an untrained router (its head scaled up so that prompts' gates differ, and
     * biased towards closed gates), written where the expert looks for code sets: switching to its budget serves it
     * at once, its codes differ in size, prompts spread over them, and no sampler pass mixes two codes.
     */
    @Test
    void aSwitchedBudgetServesItsCodesAndNoPassMixesCodes() throws IOException {
        Path folder = DiffusionExpertProfile.MODEL_DIR.resolve("aptp-50");
        PromptGenerator generator = new PromptGenerator();
        List<String> prompts = new ArrayList<>();
        List<float[]> pooled = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            prompts.add(generator.prompted(SEED + 1, i).prompt());
            pooled.add(PromptRouter.pooled(models.encode(prompts.get(i))));
        }
        try (PromptRouter untrained = PromptRouter.create(models.base().net().layout(), 4, 11, 7001, 0.5,
                Standardisation.of(pooled))) {
            untrained.block().getParameters().get("head").getArray().muli(100);
            untrained.block().getParameters().get("head_bias").getArray().subi(3);
            untrained.save(folder);
        }
        // the codes were fine-tuned together in one network: each is served as its slice of it, not of the base
        try (DiffusionModel shared = DiffusionModel.create(SubNetwork.full(models.base().net().layout()))) {
            models.base().copyWeightsTo(shared);
            shared.net().getParameters().forEach(parameter -> parameter.getValue().getArray().muli(1.5f));
            shared.save(folder.resolve(PromptRouter.SHARED_FOLDER));
        }
        try {
            given().contentType(ContentType.JSON).body(Map.of("budget", 0.5)).put("/v1/admin/diffusion/budget")
                    .then().statusCode(200)
                    .body("codeSet", equalTo("aptp-50"))
                    .body("codes.size()", equalTo(4))
                    .body("codes.fineTuned", everyItem(equalTo(true)))
                    .body("available", hasItem(0.5f));
            List<Map<String, Object>> items = new ArrayList<>();
            Map<String, Integer> routed = new HashMap<>();
            for (int i = 0; i < prompts.size(); i++) {
                String prompt = prompts.get(i);
                items.add(item("q" + i, prompt, Map.of("steps", 4, "seed", i)));
                String key = expert.batchKey(request(prompt, Map.of("steps", 4)));
                routed.put("q" + i, Integer.parseInt(key.substring("code-".length(), key.indexOf('/'))));
            }
            assertThat(new TreeSet<>(routed.values())).as("codes of 16 prompts").hasSizeGreaterThan(1);
            Response response = given().contentType(ContentType.JSON).body(Map.of("items", items))
                    .post("/v1/invoke:batch");
            response.then().statusCode(200);
            Map<Long, Set<Integer>> codesOfPass = new TreeMap<>();
            for (int i = 0; i < items.size(); i++) {
                String at = "items[" + i + "].response.output.";
                int code = response.path(at + "code");
                assertThat(code).as("code of q" + i).isEqualTo(routed.get("q" + i));
                assertThat(response.<String>path(at + "codeSet")).isEqualTo("aptp-50");
                codesOfPass.computeIfAbsent(((Number) response.path(at + "pass")).longValue(), p -> new TreeSet<>())
                        .add(code);
            }
            assertThat(codesOfPass.values()).as("codes of each sampler pass").allSatisfy(
                    inPass -> assertThat(inPass).hasSize(1));
            assertThat(models.current().codes()).extracting(ServedCode::macsRatio).doesNotHaveDuplicates();
            try (DiffusionModel shared = DiffusionModel.fromDirectory(folder.resolve(PromptRouter.SHARED_FOLDER))) {
                for (ServedCode code : models.current().codes()) {
                    try (DiffusionModel slice = DiffusionModel.slice(shared, code.structure())) {
                        ParameterList expected = slice.net().getParameters();
                        ParameterList served = code.model().net().getParameters();
                        for (int p = 0; p < expected.size(); p++) {
                            assertThat(served.valueAt(p).getArray().toFloatArray())
                                    .as("code %d, %s", code.index(), expected.keyAt(p))
                                    .containsExactly(expected.valueAt(p).getArray().toFloatArray());
                        }
                    }
                }
            }
        } finally {
            given().contentType(ContentType.JSON).body(Map.of("budget", 0.65)).put("/v1/admin/diffusion/budget")
                    .then().statusCode(200);
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    @Test
    @TestSecurity(user = "bob", roles = "tenant-user")
    void onlyOperatorsAndTheRouterChangeTheBudget() {
        given().contentType(ContentType.JSON).body(Map.of("budget", 0.65)).put("/v1/admin/diffusion/budget")
                .then().statusCode(403);
    }

    private static InvokeRequest request(String prompt, Map<String, Object> params) {
        return new InvokeRequest("r", "acme", TaskId.TEXT_TO_IMAGE, TaskInput.text(prompt), params, null);
    }

    private static Map<String, Object> item(String id, String prompt, Map<String, Object> params) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("requestId", id);
        item.put("tenant", "acme");
        item.put("task", "text-to-image");
        item.put("input", Map.of("text", prompt));
        item.put("params", params);
        item.put("deadline", Instant.now().plusSeconds(120).toString());
        return item;
    }
}
