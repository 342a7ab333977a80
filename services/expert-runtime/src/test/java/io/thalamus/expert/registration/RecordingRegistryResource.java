package io.thalamus.expert.registration;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Starts a {@link RecordingRegistry} before the application and points the expert at it. */
public class RecordingRegistryResource implements QuarkusTestResourceLifecycleManager {

    private RecordingRegistry registry;

    @Override
    public Map<String, String> start() {
        try {
            registry = RecordingRegistry.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Not ready at first: the expert has to retry with backoff.
        registry.answerRegistrationsWithUnavailable(2);
        return Map.of("thalamus.expert.registry.url", registry.url());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(registry, new TestInjector.MatchesType(RecordingRegistry.class));
    }

    @Override
    public void stop() {
        if (registry != null) {
            registry.close();
        }
    }
}
