package io.thalamus.router.e2e;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.thalamus.api.registry.ExpertState;
import io.thalamus.api.task.TaskId;
import io.thalamus.router.directory.ExpertDirectory;
import io.thalamus.testkit.Await;
import io.thalamus.testkit.process.ServiceProcess;

import java.time.Duration;
import java.util.Map;

/**
 * Starts the packaged expert registry and retrieval expert as their own processes, against the test kit's
 * real PostgreSQL, Kafka and Keycloak, and points the router under test at them.
 */
public class PlatformServicesResource implements QuarkusTestResourceLifecycleManager {

    public static final String RETRIEVAL_EXPERT_ID = PlatformServices.RETRIEVAL_EXPERT_ID;

    private static ServiceProcess registry;
    private static ServiceProcess retrievalExpert;

    @Override
    public Map<String, String> start() {
        registry = PlatformServices.startRegistry();
        retrievalExpert = PlatformServices.startRetrievalExpert(registry.baseUri(), Duration.ofSeconds(1));
        return PlatformServices.routerConfig(registry.baseUri());
    }

    /** Waits until the router under test sees the retrieval expert READY. */
    public static void awaitRetrievalExpertReady(ExpertDirectory directory) {
        Await.until("retrieval expert READY in the router's table", () -> directory.expertsFor(TaskId.RETRIEVAL)
                .stream().anyMatch(expert -> expert.state() == ExpertState.READY));
    }

    static ServiceProcess registry() {
        return registry;
    }

    static ServiceProcess retrievalExpert() {
        return retrievalExpert;
    }

    /** Stops the retrieval expert and starts it again on the same data directory. */
    static void restartRetrievalExpert() {
        retrievalExpert.close();
        retrievalExpert = PlatformServices.startRetrievalExpert(registry.baseUri(), Duration.ofSeconds(1));
    }

    @Override
    public void stop() {
        if (retrievalExpert != null) {
            retrievalExpert.close();
        }
        if (registry != null) {
            registry.close();
        }
    }
}
