package io.thalamus.registry.graphql;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.thalamus.registry.support.RegistryTestProfile;
import io.thalamus.registry.support.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static io.thalamus.registry.support.Descriptors.UNREACHABLE;
import static io.thalamus.registry.support.Descriptors.descriptor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** Filtering, paging and GraphQL over the same registrations. */
@QuarkusTest
@TestProfile(RegistryTestProfile.class)
class ReadSideTest {

    private final String suite = UUID.randomUUID().toString();
    private final String vqa = "a-vqa-" + suite;
    private final String ocr = "b-ocr-" + suite;
    private final String retrieval = "c-retrieval-" + suite;

    @BeforeEach
    void registerThree() {
        register(vqa, List.of("vqa"), List.of("text", "image"), "zone-a", "A100", "large");
        register(ocr, List.of("ocr", "vqa"), List.of("image"), "zone-b", "L4", "small");
        register(retrieval, List.of("retrieval"), List.of("text"), "zone-a", "L4", "small");
        given().auth().oauth2(Tokens.of(Tokens.RETRIEVAL_EXPERT)).contentType(ContentType.JSON)
                .body(Map.of("load", Map.of("inFlight", 1, "queueDepth", 0, "latencyP50Ms", 5, "latencyP95Ms", 9,
                        "errorRate", 0)))
                .put("/v1/experts/{id}/heartbeat", retrieval).then().statusCode(200);
    }

    @Test
    void everyFilterNarrowsTheList() {
        assertThat(ids("")).containsExactly(vqa, ocr, retrieval);
        assertThat(ids("&task=vqa")).containsExactly(vqa, ocr);
        assertThat(ids("&modality=image")).containsExactly(vqa, ocr);
        assertThat(ids("&zone=zone-a")).containsExactly(vqa, retrieval);
        assertThat(ids("&gpuModel=L4")).containsExactly(ocr, retrieval);
        assertThat(ids("&label=size=small")).containsExactly(ocr, retrieval);
        assertThat(ids("&state=READY")).containsExactly(retrieval);
        assertThat(ids("&state=registered,unhealthy")).containsExactly(vqa, ocr);
        assertThat(ids("&task=vqa&zone=zone-b&gpuModel=L4&modality=image&label=size=small")).containsExactly(ocr);
        assertThat(ids("&task=text-to-image")).isEmpty();
    }

    @Test
    void pagesFollowTheNextLink() {
        var first = reader().get("/v1/experts?label=suite=" + suite + "&limit=2").then().statusCode(200).extract();
        assertThat(first.jsonPath().getList("descriptor.id", String.class)).containsExactly(vqa, ocr);
        String next = first.header("Link");
        assertThat(next).contains("rel=\"next\"").contains("after=" + ocr);

        String nextUrl = next.substring(next.indexOf('<') + 1, next.indexOf('>'));
        assertThat(reader().urlEncodingEnabled(false).get(nextUrl).then().statusCode(200).extract().jsonPath()
                .getList("descriptor.id", String.class)).containsExactly(retrieval);
    }

    @Test
    void graphQLAnswersTheSameQuestions() {
        graphQL("{ experts(label: [\"suite=" + suite + "\"], task: \"vqa\") { id tasks protocol state version "
                + "owner node { zone gpuModel labels { name value } } quality { task score source } } }")
                .body("errors", nullValue())
                .body("data.experts.id", equalTo(List.of(vqa, ocr)))
                .body("data.experts[1].tasks", equalTo(List.of("ocr", "vqa")))
                .body("data.experts[0].protocol", equalTo("thalamus-v1"))
                .body("data.experts[0].state", equalTo("REGISTERED"))
                .body("data.experts[0].owner", equalTo(Tokens.RETRIEVAL_EXPERT))
                .body("data.experts[0].node.zone", equalTo("zone-a"))
                .body("data.experts[0].quality[0].task", equalTo("vqa"));

        graphQL("{ expert(id: \"" + retrieval + "\") { id state stateReason version load { inFlight } "
                + "capacity { maxConcurrency maxBatch } cost { creditsPerRequest } } }")
                .body("errors", nullValue())
                .body("data.expert.state", equalTo("READY"))
                .body("data.expert.load.inFlight", equalTo(1))
                .body("data.expert.capacity.maxBatch", equalTo(8));

        graphQL("{ expert(id: \"no-such-expert\") { id } }").body("data.expert", nullValue());
        graphQL("{ experts(modality: \"audio\") { id } }")
                .body("errors[0].message", containsString("modality"));
    }

    private List<String> ids(String query) {
        return reader().get("/v1/experts?label=suite=" + suite + query).then().statusCode(200)
                .extract().jsonPath().getList("descriptor.id", String.class);
    }

    private static ValidatableResponse graphQL(String query) {
        return reader().contentType(ContentType.JSON).body(Map.of("query", query)).post("/graphql")
                .then().statusCode(200);
    }

    private void register(String id, List<String> tasks, List<String> inputs, String zone, String gpu, String size) {
        Map<String, Object> body = descriptor(id, UNREACHABLE, tasks.toArray(String[]::new));
        body.put("inputModalities", inputs);
        body.put("node", Map.of("zone", zone, "gpuModel", gpu, "labels", Map.of("suite", suite, "size", size)));
        given().auth().oauth2(Tokens.of(Tokens.RETRIEVAL_EXPERT)).contentType(ContentType.JSON).body(body)
                .put("/v1/experts/{id}", id).then().statusCode(201);
    }

    private static RequestSpecification reader() {
        return given().auth().oauth2(Tokens.of(Tokens.TENANT_APP));
    }
}
