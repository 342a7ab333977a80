package io.thalamus.registry.expert;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.thalamus.registry.support.RegistryTestProfile;
import io.thalamus.registry.support.Tokens;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static io.thalamus.registry.support.Descriptors.UNREACHABLE;
import static io.thalamus.registry.support.Descriptors.descriptor;
import static io.thalamus.registry.support.Descriptors.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Optimistic concurrency: versions as ETags, If-Match on writes, 412 for whoever read a stale version. */
@QuarkusTest
@TestProfile(RegistryTestProfile.class)
class ConcurrentUpdatesTest {

    private final String id = "concurrent-" + UUID.randomUUID();
    private final Map<String, Object> descriptor = descriptor(id, UNREACHABLE, "vqa");

    @Test
    void ofTwoWritersHoldingTheSameVersionExactlyOneWins() throws Exception {
        expert().body(descriptor).put("/v1/experts/{id}", id).then().statusCode(201).header("ETag", "\"1\"");

        List<Response> responses = concurrently(8, writer -> expert().header("If-Match", "\"1\"")
                .body(with(descriptor, "modelId", "writer-" + writer)).put("/v1/experts/{id}", id));

        assertThat(responses).extracting(Response::statusCode).containsOnly(200, 412)
                .filteredOn(status -> status == 200).hasSize(1);
        Response winner = responses.stream().filter(r -> r.statusCode() == 200).findFirst().orElseThrow();
        assertThat(winner.header("ETag")).isEqualTo("\"2\"");
        responses.stream().filter(r -> r.statusCode() == 412).forEach(loser -> {
            assertThat(loser.contentType()).startsWith("application/problem+json");
            assertThat(loser.jsonPath().getString("type"))
                    .isEqualTo("https://thalamus.dev/problems/precondition-failed");
            assertThat(loser.jsonPath().getLong("currentVersion")).isEqualTo(2);
        });
        expert().get("/v1/experts/{id}", id).then().statusCode(200).header("ETag", "\"2\"")
                .body("descriptor.modelId", equalTo(winner.jsonPath().getString("descriptor.modelId")));
    }

    @Test
    void staleVersionsAreRefusedOnEveryKindOfWrite() {
        expert().body(descriptor).put("/v1/experts/{id}", id).then().statusCode(201);
        expert().header("If-Match", "\"1\"").body(with(descriptor, "modelId", "v2")).put("/v1/experts/{id}", id)
                .then().statusCode(200).header("ETag", "\"2\"");

        expert().header("If-Match", "\"1\"").body(with(descriptor, "modelId", "v3")).put("/v1/experts/{id}", id)
                .then().statusCode(412);
        expert().header("If-Match", "\"1\"").delete("/v1/experts/{id}", id).then().statusCode(412);
        expert().header("If-None-Match", "*").body(descriptor).put("/v1/experts/{id}", id).then().statusCode(412);
        expert().header("If-Match", "\"7\"").body(descriptor("absent-" + id, UNREACHABLE, "vqa"))
                .put("/v1/experts/{id}", "absent-" + id).then().statusCode(412);
        expert().header("If-Match", "version two").body(descriptor).put("/v1/experts/{id}", id).then().statusCode(400);

        expert().header("If-Match", "\"2\", \"5\"").body(with(descriptor, "modelId", "v3"))
                .put("/v1/experts/{id}", id).then().statusCode(200).header("ETag", "\"3\"");
        expert().header("If-None-Match", "\"3\"").get("/v1/experts/{id}", id).then().statusCode(304);
    }

    @Test
    void unconditionalConcurrentUpdatesEachGetTheirOwnVersion() throws Exception {
        expert().body(descriptor).put("/v1/experts/{id}", id).then().statusCode(201);

        List<Response> responses = concurrently(6, writer -> expert()
                .body(with(descriptor, "modelId", "writer-" + writer)).put("/v1/experts/{id}", id));

        assertThat(responses).extracting(Response::statusCode).containsOnly(200);
        assertThat(responses).extracting(response -> response.header("ETag"))
                .containsExactlyInAnyOrder("\"2\"", "\"3\"", "\"4\"", "\"5\"", "\"6\"", "\"7\"");
    }

    @Test
    void racingFirstRegistrationsOfOneIdBothSucceed() throws Exception {
        List<Response> responses = concurrently(2, writer -> expert().body(descriptor).put("/v1/experts/{id}", id));

        assertThat(responses).extracting(Response::statusCode).containsExactlyInAnyOrder(201, 200);
        assertThat(responses).extracting(response -> response.header("ETag")).containsOnly("\"1\"");
    }

    private static List<Response> concurrently(int writers, java.util.function.IntFunction<Response> write)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Response>> futures = new ArrayList<>();
            for (int writer = 0; writer < writers; writer++) {
                int current = writer;
                Callable<Response> task = () -> {
                    start.await();
                    return write.apply(current);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> future : futures) {
                responses.add(future.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static RequestSpecification expert() {
        return given().auth().oauth2(Tokens.of(Tokens.RETRIEVAL_EXPERT)).contentType(ContentType.JSON);
    }
}
