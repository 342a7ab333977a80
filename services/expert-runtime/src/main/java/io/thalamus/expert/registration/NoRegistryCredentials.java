package io.thalamus.expert.registration;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** Used while no application bean provides {@link RegistryCredentials}: calls the registry without credentials. */
@DefaultBean
@ApplicationScoped
public class NoRegistryCredentials implements RegistryCredentials {

    @Override
    public Optional<String> authorization() {
        return Optional.empty();
    }
}
