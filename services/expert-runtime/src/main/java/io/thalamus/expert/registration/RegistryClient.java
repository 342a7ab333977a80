package io.thalamus.expert.registration;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.thalamus.api.expert.ExpertDescriptor;
import io.thalamus.api.registry.Heartbeat;
import io.thalamus.api.registry.LoadReport;
import io.thalamus.api.registry.RegisteredExpert;
import io.thalamus.expert.config.ExpertConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Calls the registry with the configured timeouts and credentials, and turns every outcome, including an
 * unreachable registry, into a {@link RegistryReply}. Blocking: call it from the registration thread only.
 */
@ApplicationScoped
public class RegistryClient {

    private final Optional<URI> url;
    private final RegistryCredentials credentials;
    private final ExpertConfig.Registry config;
    private volatile RegistryApi api;

    public RegistryClient(ExpertConfig config, RegistryCredentials credentials) {
        this.url = config.registry().url();
        this.config = config.registry();
        this.credentials = credentials;
    }

    public Optional<URI> url() {
        return url;
    }

    public RegistryReply register(ExpertDescriptor descriptor) {
        return call(auth -> api().register(descriptor.id(), auth, descriptor));
    }

    public RegistryReply heartbeat(String expertId, LoadReport load) {
        return call(auth -> api().heartbeat(expertId, auth, new Heartbeat(load)));
    }

    public RegistryReply deregister(String expertId) {
        return call(auth -> api().deregister(expertId, auth));
    }

    private RegistryReply call(Function<String, Response> request) {
        try {
            String authorization = credentials.authorization().orElse(null);
            try (Response response = request.apply(authorization)) {
                return new RegistryReply(response.getStatus(), body(response), null);
            }
        } catch (WebApplicationException e) {
            return new RegistryReply(e.getResponse().getStatus(), null, e.getMessage());
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            return new RegistryReply(0, null, cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
    }

    private static RegisteredExpert body(Response response) {
        if (!response.hasEntity() || response.getStatus() == 204) {
            return null;
        }
        try {
            return response.readEntity(RegisteredExpert.class);
        } catch (RuntimeException e) {
            // The answer's status is what matters; a body in another shape is not an error.
            return null;
        }
    }

    private RegistryApi api() {
        RegistryApi current = api;
        if (current == null) {
            synchronized (this) {
                if (api == null) {
                    api = QuarkusRestClientBuilder.newBuilder()
                            .baseUri(url.orElseThrow(() -> new IllegalStateException("thalamus.expert.registry.url is not set")))
                            .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                            .readTimeout(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                            .build(RegistryApi.class);
                }
                current = api;
            }
        }
        return current;
    }
}
