package io.thalamus.router.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thalamus.api.Json;
import io.thalamus.testkit.Await;
import io.thalamus.testkit.TestServers;
import io.thalamus.testkit.keycloak.KeycloakTokens;
import io.thalamus.testkit.keycloak.RealmClients;
import io.thalamus.testkit.process.ServiceProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job survives a crash of the router that accepted it and a crash of the expert that was to run it: the packaged
 * router, registry and retrieval expert run as their own processes and are killed (SIGKILL) mid-way; every job
 * still ends SUCCEEDED with exactly one result.
 */
class JobsSurviveRestartsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ObjectMapper json = Json.newMapper();
    private final List<ServiceProcess> processes = new ArrayList<>();

    @AfterEach
    void stopAll() {
        processes.forEach(ServiceProcess::close);
    }

    @Test
    void aJobOutlivesTheRouterThatAcceptedItAndTheExpertThatWasToRunIt() throws Exception {
        ServiceProcess registry = started(PlatformServices.startRegistry());
        // long leases: the killed expert stays routable while it is down
        ServiceProcess expert = started(PlatformServices.startRetrievalExpert(registry.baseUri(),
                Duration.ofSeconds(10)));
        ServiceProcess firstRouter = started(PlatformServices.startRouter("router-1", registry.baseUri()));
        String token = KeycloakTokens.clientCredentials(TestServers.keycloak(), "acme-app",
                RealmClients.secret(TestServers.realmFile(), "acme-app"));
        awaitRoutable(firstRouter, token);

        // the router crashes right after accepting the job
        String first = submitJob(firstRouter, token, "Vitamin D deficiency is associated with bone fractures");
        firstRouter.kill();
        ServiceProcess secondRouter = started(PlatformServices.startRouter("router-2", registry.baseUri()));
        awaitSucceeded(secondRouter, token, first);

        // the expert crashes; a job accepted meanwhile waits in Kafka until the expert is back
        expert.kill();
        String second = submitJob(secondRouter, token, "Aspirin reduces the risk of heart attacks");
        assertThat(status(secondRouter, token, second)).isIn("QUEUED", "RUNNING");
        started(PlatformServices.startRetrievalExpert(registry.baseUri(), Duration.ofSeconds(10)));
        awaitSucceeded(secondRouter, token, second);

        assertThat(PublishedResults.of(first)).hasSize(1);
        assertThat(PublishedResults.of(second)).hasSize(1);
    }

    private ServiceProcess started(ServiceProcess process) {
        processes.add(process);
        return process;
    }

    private void awaitRoutable(ServiceProcess router, String token) {
        Await.until("the router routes retrieval", () -> send(router, token, "POST", "/v1/route",
                Map.of("task", "retrieval", "input", Map.of("text", "x"))).statusCode() == 200);
    }

    private String submitJob(ServiceProcess router, String token, String text) throws IOException {
        HttpResponse<String> response = send(router, token, "POST", "/v1/tasks",
                Map.of("task", "retrieval", "input", Map.of("text", text), "params", Map.of("topK", 3)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json.readTree(response.body()).get("id").asText();
    }

    private void awaitSucceeded(ServiceProcess router, String token, String id) throws IOException {
        Await.until("task " + id + " SUCCEEDED", () -> "SUCCEEDED".equals(status(router, token, id)));
        JsonNode task = json.readTree(send(router, token, "GET", "/v1/tasks/" + id, null).body());
        assertThat(task.at("/output/documents")).hasSize(3);
    }

    private String status(ServiceProcess router, String token, String id) {
        HttpResponse<String> response = send(router, token, "GET", "/v1/tasks/" + id, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        try {
            return json.readTree(response.body()).get("status").asText();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private HttpResponse<String> send(ServiceProcess router, String token, String method, String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(router.baseUri() + path))
                    .header("Authorization", "Bearer " + token)
                    .header("Prefer", "respond-async")
                    .timeout(Duration.ofSeconds(30));
            if (body == null) {
                request.GET();
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
