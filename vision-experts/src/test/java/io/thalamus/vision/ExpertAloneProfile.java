package io.thalamus.vision;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** One vision expert on its own: its configuration profile, no registry, a free port. */
public abstract class ExpertAloneProfile implements QuarkusTestProfile {

    private final String profile;

    protected ExpertAloneProfile(String profile) {
        this.profile = profile;
    }

    @Override
    public String getConfigProfile() {
        return "test," + profile;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "thalamus.expert.registry.enabled", "false",
                "quarkus.oidc-client.client-enabled", "false",
                "quarkus.http.test-port", "0");
    }
}
