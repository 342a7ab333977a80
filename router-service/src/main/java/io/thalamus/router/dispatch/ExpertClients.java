package io.thalamus.router.dispatch;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** One REST client per expert endpoint, created on first use and reused (connection pooling). */
@ApplicationScoped
public class ExpertClients {

    private final Map<URI, ThalamusExpertApi> clients = new ConcurrentHashMap<>();
    private final DispatchConfig config;

    public ExpertClients(DispatchConfig config) {
        this.config = config;
    }

    public ThalamusExpertApi forEndpoint(URI endpoint) {
        return clients.computeIfAbsent(endpoint, uri -> QuarkusRestClientBuilder.newBuilder()
                .baseUri(uri)
                .connectTimeout(config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .build(ThalamusExpertApi.class));
    }
}
