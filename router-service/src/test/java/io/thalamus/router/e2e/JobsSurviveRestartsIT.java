package io.thalamus.router.e2e;

import io.thalamus.testkit.Await;
import io.thalamus.testkit.process.ServiceProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job survives a crash of the router that accepted it and a crash of the expert that was to run it: the packaged
 * router, registry and retrieval expert run as their own processes and are killed (SIGKILL) mid-way; every job
 * still ends SUCCEEDED with exactly one result.
 */
class JobsSurviveRestartsIT {

    private static final Map<String, String> PREFER_ASYNC = Map.of("Prefer", "respond-async");

    private final RunningServices services = new RunningServices();

    @AfterEach
    void stopAll() {
        services.close();
    }

    @Test
    void aJobOutlivesTheRouterThatAcceptedItAndTheExpertThatWasToRunIt() throws Exception {
        ServiceProcess registry = services.add(PlatformServices.startRegistry());
        // long leases: the killed expert stays routable while it is down
        ServiceProcess expert = services.add(PlatformServices.startRetrievalExpert(registry.baseUri(),
                Duration.ofSeconds(10)));
        ServiceProcess firstRouter = services.add(PlatformServices.startRouter("router-1", registry.baseUri()));
        RouterClient acme = new RouterClient(firstRouter, "acme-app");
        Await.until("the router routes retrieval", () -> acme.post("/v1/route",
                Map.of("task", "retrieval", "input", Map.of("text", "x")), Map.of()).statusCode() == 200);

        // the router crashes right after accepting the job
        String first = submitJob(acme, "Vitamin D deficiency is associated with bone fractures");
        firstRouter.kill();
        ServiceProcess secondRouter = services.add(PlatformServices.startRouter("router-2", registry.baseUri()));
        RouterClient acmeAgain = new RouterClient(secondRouter, "acme-app");
        awaitSucceeded(acmeAgain, first);

        // the expert crashes; a job accepted meanwhile waits in Kafka until the expert is back
        expert.kill();
        String second = submitJob(acmeAgain, "Aspirin reduces the risk of heart attacks");
        assertThat(status(acmeAgain, second)).isIn("QUEUED", "RUNNING");
        services.add(PlatformServices.startRetrievalExpert(registry.baseUri(), Duration.ofSeconds(10)));
        awaitSucceeded(acmeAgain, second);

        assertThat(PublishedResults.of(first)).hasSize(1);
        assertThat(PublishedResults.of(second)).hasSize(1);
    }

    private static String submitJob(RouterClient client, String text) {
        HttpResponse<String> response = client.post("/v1/tasks",
                Map.of("task", "retrieval", "input", Map.of("text", text), "params", Map.of("topK", 3)), PREFER_ASYNC);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return RouterClient.json(response).get("id").asText();
    }

    private static void awaitSucceeded(RouterClient client, String id) {
        Await.until("task " + id + " SUCCEEDED", () -> "SUCCEEDED".equals(status(client, id)));
        assertThat(RouterClient.json(client.get("/v1/tasks/" + id)).at("/output/documents")).hasSize(3);
    }

    private static String status(RouterClient client, String id) {
        HttpResponse<String> response = client.get("/v1/tasks/" + id);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return RouterClient.json(response).get("status").asText();
    }
}
