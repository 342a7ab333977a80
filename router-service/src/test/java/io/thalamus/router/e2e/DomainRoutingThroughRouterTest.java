package io.thalamus.router.e2e;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.thalamus.api.registry.ExpertState;
import io.thalamus.api.task.TaskId;
import io.thalamus.router.directory.ExpertDirectory;
import io.thalamus.testkit.Await;
import io.thalamus.testkit.keycloak.KeycloakTokens;
import io.thalamus.testkit.process.ServiceProcess;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two retrieval experts with different domains, each a real expert process registered with its own priors: the
 * packaged one (scientific claims, SciFact train claims as pilot queries) and a second one declaring a general
 * questions domain (Natural Questions queries as pilots) and a better quality prior. Each query goes to the expert
 * of its domain, and the routing block says why.
 */
@QuarkusTest
@QuarkusTestResource(PlatformServicesResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DomainRoutingThroughRouterTest {

    private static final String SCIENCE = PlatformServicesResource.RETRIEVAL_EXPERT_ID;
    private static final String GENERAL = "retrieval-minilm-general";
    /** Natural Questions queries that are not among the general expert's pilot queries. */
    private static final List<String> QUESTIONS = List.of(
            "who does the uk have extradition treaties with",
            "where are the san juan mountains in new mexico",
            "who commissioned the first christmas card in 1943");

    private ServiceProcess general;

    @Inject
    ExpertDirectory directory;

    @ConfigProperty(name = "thalamus.router.registry.url")
    URI registryUrl;

    private String token;

    @BeforeEach
    void bothExpertsAreRoutable() {
        token = KeycloakTokens.serviceAccount("acme-app");
        PlatformServicesResource.awaitRetrievalExpertReady(directory);
        if (general == null) {
            general = PlatformServices.startRetrievalExpert("retrieval-expert-general", GENERAL,
                    registryUrl, Duration.ofSeconds(1), ServiceProcess.TEST_JVM,
                    Map.of("thalamus.expert.domain.name", "general-questions",
                            "thalamus.expert.domain.pilot-queries-file",
                            Path.of("src/test/resources/domain/nq-pilot-queries.txt").toAbsolutePath().toString(),
                            "thalamus.expert.quality.retrieval.score", "0.70",
                            "thalamus.expert.jobs.enabled", "false",
                            "thalamus.expert.node.labels.\"thalamus.dev/collections\"", "false",
                            "thalamus.retrieval.index-dir", Path.of("target/domain-routing-index").toAbsolutePath()
                                    .toString()));
        }
        Await.until("both experts READY with their domain centroids computed", () -> {
            if (directory.expertsFor(TaskId.RETRIEVAL).stream()
                    .filter(expert -> expert.state() == ExpertState.READY).count() < 2) {
                return false;
            }
            JsonPath routing = route("Vitamin D deficiency affects bone health.");
            return routing.getList("alternatives.terms.domainFit.basis").contains("pilot-centroid")
                    && "pilot-centroid".equals(routing.getString("terms.domainFit.basis"));
        });
    }

    /** Leaves the router's directory as the other tests of this platform expect it: one retrieval expert. */
    @AfterAll
    void stopTheSecondExpert() {
        if (general != null) {
            general.close();
            Await.until("the second expert gone from the router's directory", () -> directory.all().stream()
                    .noneMatch(expert -> expert.id().equals(GENERAL)));
        }
    }

    @Test
    void eachQueryGoesToTheExpertOfItsDomainAndTheRoutingBlockShowsTheFit() throws IOException {
        List<String> claims = Files.readAllLines(Path.of("../retrieval-experts/src/test/resources/scifact-sample-queries.tsv"))
                .stream().skip(1).limit(3).map(line -> line.split("\t")[0]).toList();
        for (String claim : claims) {
            JsonPath answer = submit(claim);
            assertThat(answer.getString("routing.expertId")).as(claim).isEqualTo(SCIENCE);
            assertThat(answer.getString("routing.terms.domainFit.domain")).isEqualTo("scientific-claims");
            assertThat(answer.getDouble("routing.terms.domainFit.fit"))
                    .isGreaterThan(answer.getDouble("routing.alternatives[0].terms.domainFit.fit"));
            // the general expert registered the better prior and lost on domain fit
            assertThat(answer.getString("routing.alternatives[0].expertId")).isEqualTo(GENERAL);
            assertThat(answer.getDouble("routing.alternatives[0].terms.qualityPrior"))
                    .isGreaterThan(answer.getDouble("routing.terms.qualityPrior"));
            assertThat(answer.getList("output.documents")).isNotEmpty();
        }
        for (String question : QUESTIONS) {
            JsonPath answer = submit(question);
            assertThat(answer.getString("routing.expertId")).as(question).isEqualTo(GENERAL);
            assertThat(answer.getString("routing.terms.domainFit.domain")).isEqualTo("general-questions");
            assertThat(answer.getString("routing.alternatives[0].terms.domainFit.domain"))
                    .isEqualTo("scientific-claims");
        }
    }

    @Test
    void aClassifiedRequestIsRoutedByDomainToo() {
        JsonPath routing = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("input", Map.of("text", "who sings the song i will always love you")))
                .post("/v1/route").then().statusCode(200).extract().jsonPath();
        assertThat(routing.getString("taskSource")).isEqualTo("classifier");
        assertThat(routing.getString("expertId")).isEqualTo(GENERAL);
        assertThat(routing.getString("terms.domainFit.basis")).isEqualTo("pilot-centroid");
    }

    /**
     * Cost and latency weigh nothing here: the experts' observed latencies depend on what earlier tests did with
     * them (a restarted expert is slow at first), and this test is about domain fit against quality priors.
     */
    private JsonPath submit(String text) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("task", "retrieval", "input", Map.of("text", text), "params", Map.of("topK", 3),
                        "tradeoff", Map.of("costWeight", 0, "latencyWeight", 0)))
                .post("/v1/tasks").then().statusCode(200).extract().jsonPath();
    }

    private JsonPath route(String text) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("task", "retrieval", "input", Map.of("text", text)))
                .post("/v1/route").then().statusCode(200).extract().jsonPath();
    }
}
