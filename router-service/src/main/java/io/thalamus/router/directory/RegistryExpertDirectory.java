package io.thalamus.router.directory;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.thalamus.api.registry.RegisteredExpert;
import io.thalamus.api.task.TaskId;
import io.thalamus.registry.client.RegistryFollower;
import io.thalamus.registry.client.RoutingTableListener;
import io.thalamus.router.security.ServiceTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.List;

/**
 * The router's expert directory, kept current by a {@link RegistryFollower}: bootstrapped from the registry's
 * snapshot, then fed by every change event. Requests read it in memory.
 */
@ApplicationScoped
public class RegistryExpertDirectory implements ExpertDirectory {

    private static final Duration TOKEN_TIMEOUT = Duration.ofSeconds(10);

    private final RegistryFollower follower;
    private final ServiceTokens tokens;

    public RegistryExpertDirectory(DirectoryConfig config, ServiceTokens tokens,
                                   @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                                   @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.tokens = tokens;
        this.follower = RegistryFollower.builder()
                .registryUrl(config.url())
                .bootstrapServers(bootstrapServers)
                .topic(config.topic())
                .httpTimeout(config.httpTimeout())
                .bearerTokens(() -> tokens.bearer().await().atMost(TOKEN_TIMEOUT))
                .clientId(applicationName)
                .build();
    }

    void start(@Observes StartupEvent event) {
        follower.start();
    }

    void stop(@Observes ShutdownEvent event) {
        follower.close();
    }

    @Override
    public List<RegisteredExpert> expertsFor(TaskId task) {
        return follower.table().expertsFor(task);
    }

    @Override
    public List<RegisteredExpert> all() {
        return follower.table().all();
    }

    @Override
    public void addListener(RoutingTableListener listener) {
        follower.table().addListener(listener);
    }

    public RegistryFollower.Status status() {
        return follower.status();
    }
}
