package io.thalamus.registry.expert.validation;

import io.thalamus.registry.config.RegistryConfig;
import io.thalamus.support.net.UrlGuard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.List;

/** The SSRF policy for expert endpoints, from {@code thalamus.registry.endpoint-*}. */
@ApplicationScoped
public class EndpointGuardProducer {

    @Produces
    @Singleton
    UrlGuard endpointGuard(RegistryConfig config) {
        return new UrlGuard(config.endpointAllowList().orElse(List.of()), config.endpointAllowPrivateNetworks());
    }
}
