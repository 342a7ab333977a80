package io.thalamus.expert.batching;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.thalamus.api.Json;
import io.thalamus.api.invoke.InvokeRequest;
import io.thalamus.expert.config.ExpertConfig;
import io.thalamus.expert.config.ExpertDescriptorFactory;
import io.thalamus.expert.load.LoadTracker;
import io.thalamus.expert.spi.Expert;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * An expert behind the runtime's own batcher and batch runner, outside a Quarkus application: for tools that
 * measure an expert's batching in-process (benchmarks), configured with the same {@code thalamus.expert.*}
 * properties as a deployed expert.
 */
public final class StandaloneBatcher implements AutoCloseable {

    private final Expert expert;
    private final LoadTracker load;
    private final MicroBatcher batcher;

    private StandaloneBatcher(Expert expert, LoadTracker load, MicroBatcher batcher) {
        this.expert = expert;
        this.load = load;
        this.batcher = batcher;
    }

    public static StandaloneBatcher start(Expert expert, Map<String, String> properties) {
        ExpertConfig config = config(properties);
        ExpertDescriptorFactory descriptors = new ExpertDescriptorFactory(config);
        LoadTracker load = new LoadTracker(config, new SimpleMeterRegistry());
        BatchRunner runner = new BatchRunner(expert, descriptors, Json.newMapper(), load,
                OpenTelemetry.noop().getTracer("standalone-batcher"));
        MicroBatcher batcher = new MicroBatcher(runner, load, config, descriptors);
        batcher.start(null);
        return new StandaloneBatcher(expert, load, batcher);
    }

    /** The expert configuration the {@code thalamus.expert.*} properties describe, as a deployed expert reads it. */
    public static ExpertConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(properties, "standalone", 100))
                .withConverter(Duration.class, 100, new DurationConverter())
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withMapping(ExpertConfig.class)
                .build()
                .getConfigMapping(ExpertConfig.class);
    }

    /** Queues the request under the expert's batch key for it; completes when its batch has run. */
    public CompletionStage<InvocationResult> submit(InvokeRequest request) {
        PendingInvocation call = new PendingInvocation(request, expert.batchKey(request));
        batcher.submit(List.of(call));
        return call.result();
    }

    public LoadTracker load() {
        return load;
    }

    @Override
    public void close() {
        batcher.stop();
    }
}
