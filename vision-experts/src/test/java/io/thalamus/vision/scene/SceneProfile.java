package io.thalamus.vision.scene;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The scene VQA expert on its own: its profile, no registry, a free port. */
public class SceneProfile implements QuarkusTestProfile {

    @Override
    public String getConfigProfile() {
        return "test,scene";
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "thalamus.expert.registry.enabled", "false",
                "quarkus.oidc-client.client-enabled", "false",
                "quarkus.http.test-port", "0");
    }
}
