package io.thalamus.expert.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.thalamus.api.expert.ExpertDescriptor;
import io.thalamus.api.expert.Protocol;
import io.thalamus.api.task.Modality;
import io.thalamus.api.task.TaskId;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The descriptor built from real configuration, and the start-up checks that span several keys. */
class ExpertDescriptorFactoryTest {

    private static final Map<String, String> MINIMAL = Map.of(
            "thalamus.expert.id", "vqa-small",
            "thalamus.expert.model-id", "tiny-vqa",
            "thalamus.expert.tasks", "vqa",
            "thalamus.expert.input-modalities", "text,image");

    @Test
    void aMinimalConfigurationGetsTheDefaults() {
        ExpertConfig config = mapping(MINIMAL);
        ExpertDescriptorFactory factory = new ExpertDescriptorFactory(config);
        ExpertDescriptor descriptor = factory.descriptor();

        assertThat(descriptor.protocol()).isEqualTo(Protocol.THALAMUS_V1);
        assertThat(descriptor.tasks()).containsExactly(TaskId.VQA);
        assertThat(descriptor.inputModalities()).containsExactly(Modality.TEXT, Modality.IMAGE);
        assertThat(descriptor.outputModalities()).containsExactly(Modality.TEXT);
        assertThat(descriptor.endpoint()).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(descriptor.capacity().maxConcurrency()).isEqualTo(1);
        assertThat(factory.batchSize()).isEqualTo(descriptor.capacity().maxBatch());
        assertThat(config.registry().url()).isEmpty();
        assertThat(config.registry().heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.registry().retry().initialBackoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.registry().retry().maxBackoff()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.batch().maxWait()).isEqualTo(Duration.ofMillis(5));
        assertThat(config.batch().latencyEstimate()).isEmpty();
        assertThat(config.drainTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theEndpointFollowsTheHttpPortAndTheBatchSizeCanDifferFromTheAdvertisedOne() {
        Map<String, String> values = new HashMap<>(MINIMAL);
        values.put("quarkus.http.port", "8083");
        values.put("thalamus.expert.capacity.max-batch", "16");
        values.put("thalamus.expert.batch.max-size", "4");
        ExpertDescriptorFactory factory = new ExpertDescriptorFactory(mapping(values));

        assertThat(factory.descriptor().endpoint()).isEqualTo(URI.create("http://127.0.0.1:8083"));
        assertThat(factory.descriptor().capacity().maxBatch()).isEqualTo(16);
        assertThat(factory.batchSize()).isEqualTo(4);
    }

    @Test
    void inconsistentSettingsStopTheStartWithEveryProblemNamed() {
        Map<String, String> values = new HashMap<>(MINIMAL);
        values.put("thalamus.expert.quality.retrieval.score", "0.7");
        values.put("thalamus.expert.latency.p50-ms", "50");
        values.put("thalamus.expert.latency.p95-ms", "10");
        values.put("thalamus.expert.endpoint", "ftp://example.org");
        values.put("thalamus.expert.registry.retry.initial-backoff", "2s");
        values.put("thalamus.expert.registry.retry.max-backoff", "1s");
        values.put("thalamus.expert.batch.latency-estimate", "PT-1S");

        assertThatThrownBy(() -> new ExpertDescriptorFactory(mapping(values)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("thalamus.expert.quality.retrieval: 'retrieval' is not one of thalamus.expert.tasks")
                .hasMessageContaining("p95-ms (10) must not be below")
                .hasMessageContaining("thalamus.expert.endpoint must be an absolute http(s) URL")
                .hasMessageContaining("max-backoff at least as long")
                .hasMessageContaining("thalamus.expert.batch.latency-estimate must not be negative");
    }

    @Test
    void aDomainTakesItsPilotQueriesInlineAndFromAFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path file = dir.resolve("pilots.txt");
        java.nio.file.Files.writeString(file, "Vitamin D prevents fractures.\n\n  Aspirin lowers stroke risk.  \n");
        Map<String, String> values = new HashMap<>(MINIMAL);
        values.put("thalamus.expert.domain.name", "scientific-claims");
        values.put("thalamus.expert.domain.pilot-queries", "Statins reduce mortality\\, in adults.,Aspirin lowers stroke risk.");
        values.put("thalamus.expert.domain.pilot-queries-file", file.toString());

        ExpertDescriptor descriptor = new ExpertDescriptorFactory(mapping(values)).descriptor();

        assertThat(descriptor.domain().name()).isEqualTo("scientific-claims");
        assertThat(descriptor.domain().pilotQueries()).containsExactly("Statins reduce mortality, in adults.",
                "Aspirin lowers stroke risk.", "Vitamin D prevents fractures.");
        assertThat(new ExpertDescriptorFactory(mapping(MINIMAL)).descriptor().domain()).isNull();
    }

    @Test
    void aDomainWithoutPilotQueriesOrAnUnreadableFileStopsTheStart() {
        Map<String, String> values = new HashMap<>(MINIMAL);
        values.put("thalamus.expert.domain.name", "scientific-claims");
        assertThatThrownBy(() -> new ExpertDescriptorFactory(mapping(values)))
                .hasMessageContaining("'scientific-claims' needs pilot queries");

        values.put("thalamus.expert.domain.pilot-queries-file", "no/such/pilots.txt");
        assertThatThrownBy(() -> new ExpertDescriptorFactory(mapping(values)))
                .hasMessageContaining("cannot read 'no/such/pilots.txt'");
    }

    @Test
    void anInvalidTaskIdIsAConfigurationError() {
        Map<String, String> values = new HashMap<>(MINIMAL);
        values.put("thalamus.expert.tasks", "Visual QA");

        assertThatThrownBy(() -> mapping(values)).hasMessageContaining("thalamus.expert.tasks");
    }

    private static ExpertConfig mapping(Map<String, String> values) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(values, "test", 100))
                .withConverter(Duration.class, 100, new DurationConverter())
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withMapping(ExpertConfig.class)
                .build();
        return config.getConfigMapping(ExpertConfig.class);
    }
}
