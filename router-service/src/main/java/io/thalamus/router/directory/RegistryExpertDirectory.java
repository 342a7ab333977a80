package io.thalamus.router.directory;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.thalamus.api.registry.RegisteredExpert;
import io.thalamus.api.task.TaskId;
import io.thalamus.registry.client.RegistryFollower;
import io.thalamus.registry.client.RoutingTableListener;
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
    private final OidcClient oidcClient;
    private Tokens tokens;

    public RegistryExpertDirectory(DirectoryConfig config, OidcClient oidcClient,
                                   @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                                   @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.oidcClient = oidcClient;
        this.follower = RegistryFollower.builder()
                .registryUrl(config.url())
                .bootstrapServers(bootstrapServers)
                .topic(config.topic())
                .httpTimeout(config.httpTimeout())
                .bearerTokens(this::serviceToken)
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

    /** The router's own service-account token for reading the registry, renewed when it expires. */
    private synchronized String serviceToken() {
        if (tokens == null || tokens.isAccessTokenExpired() || tokens.isAccessTokenWithinRefreshInterval()) {
            tokens = oidcClient.getTokens().await().atMost(TOKEN_TIMEOUT);
        }
        return tokens.getAccessToken();
    }
}
