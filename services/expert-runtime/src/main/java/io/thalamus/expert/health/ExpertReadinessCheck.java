package io.thalamus.expert.health;

import io.thalamus.api.registry.RegisteredExpert;
import io.thalamus.expert.batching.MicroBatcher;
import io.thalamus.expert.config.ExpertDescriptorFactory;
import io.thalamus.expert.registration.RegistrationState;
import io.thalamus.expert.registration.SelfRegistration;
import io.thalamus.expert.spi.Expert;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the model is ready, the expert takes work (not draining) and it is registered, or registration is not
 * configured.
 */
@Readiness
@ApplicationScoped
public class ExpertReadinessCheck implements HealthCheck {

    private final Expert expert;
    private final MicroBatcher batcher;
    private final SelfRegistration registration;
    private final String expertId;

    public ExpertReadinessCheck(Expert expert, MicroBatcher batcher, SelfRegistration registration,
                                ExpertDescriptorFactory descriptors) {
        this.expert = expert;
        this.batcher = batcher;
        this.registration = registration;
        this.expertId = descriptors.descriptor().id();
    }

    @Override
    public HealthCheckResponse call() {
        boolean modelReady = expert.ready();
        RegistrationState state = registration.state();
        boolean registered = state == RegistrationState.REGISTERED || state == RegistrationState.DISABLED;
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("expert")
                .status(modelReady && batcher.accepting() && registered)
                .withData("id", expertId)
                .withData("model", modelReady ? "ready" : "loading")
                .withData("accepting", batcher.accepting())
                .withData("registration", state.wireName());
        RegisteredExpert known = registration.registration();
        if (known != null && known.state() != null) {
            builder.withData("registryState", known.state().name());
        }
        if (registration.lastProblem() != null) {
            builder.withData("problem", registration.lastProblem());
        }
        return builder.build();
    }
}
