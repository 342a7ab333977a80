package io.thalamus.router.directory;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** The router is ready once it holds the registry's snapshot: before that it knows no experts. */
@Readiness
@ApplicationScoped
public class DirectoryReadinessCheck implements HealthCheck {

    private final RegistryExpertDirectory directory;

    public DirectoryReadinessCheck(RegistryExpertDirectory directory) {
        this.directory = directory;
    }

    @Override
    public HealthCheckResponse call() {
        var status = directory.status();
        return HealthCheckResponse.named("expert-directory")
                .status(status.bootstrapped())
                .withData("experts", directory.all().size())
                .build();
    }
}
