package io.thalamus.diffusion.serving;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.nio.file.Path;
import java.util.Map;

/**
 * The text-to-image expert on its own: no registry, no Kafka, a free port; models from the classpath, and code sets
 * a test writes into {@link #MODEL_DIR}.
 */
public class DiffusionExpertProfile implements QuarkusTestProfile {

    static final Path MODEL_DIR = Path.of(System.getProperty("thalamus.build.dir", "target"), "diffusion-test-models")
            .toAbsolutePath();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "thalamus.expert.registry.enabled", "false",
                "quarkus.oidc-client.client-enabled", "false",
                "quarkus.http.test-port", "0",
                "thalamus.diffusion.model-dir", MODEL_DIR.toString());
    }
}
