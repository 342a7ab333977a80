package io.thalamus.expert.registration;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Replaces the runtime's no-credentials default in tests, as an OIDC client-credentials bean would in production:
 * every registry call asks for a header, and gets a new one each time.
 */
@ApplicationScoped
public class TestRegistryCredentials implements RegistryCredentials {

    private final AtomicInteger issued = new AtomicInteger();

    @Override
    public Optional<String> authorization() {
        return Optional.of("Bearer test-token-" + issued.incrementAndGet());
    }
}
