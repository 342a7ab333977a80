package io.thalamus.router.dispatch;

import io.opentelemetry.api.OpenTelemetry;
import io.smallrye.mutiny.Uni;
import io.thalamus.api.Json;
import io.thalamus.api.expert.Protocol;
import io.thalamus.api.invoke.InvokeRequest;
import io.thalamus.api.registry.LoadReport;
import io.thalamus.api.registry.RegisteredExpert;
import io.thalamus.api.routing.Constraints;
import io.thalamus.api.task.ImageInput;
import io.thalamus.api.task.TaskId;
import io.thalamus.api.task.TaskInput;
import io.thalamus.router.directory.ExpertDirectory;
import io.thalamus.router.feedback.LearnedQuality;
import io.thalamus.router.health.BreakerSettings;
import io.thalamus.router.health.CircuitBreakers;
import io.thalamus.router.health.InFlightCalls;
import io.thalamus.router.health.ObservedLatency;
import io.thalamus.router.selection.ExpertSelector;
import io.thalamus.router.selection.NearTieSpreader;
import io.thalamus.router.selection.Selection;
import io.thalamus.router.selection.TestExperts;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/** The router's real selection and dispatch parts wired by hand, without Quarkus, for tests against test servers. */
final class DispatchTestKit {

    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};

    final ObservedLatency observed = new ObservedLatency(0.3);
    final InFlightCalls inFlight = new InFlightCalls();
    final CircuitBreakers breakers;
    final Dispatcher dispatcher;

    DispatchTestKit(BreakerSettings breaker, Set<String> nonIdempotentTasks) {
        breakers = new CircuitBreakers(breaker, () -> 0L); // time stands still: an open breaker stays open
        var mapper = Json.newMapper();
        ExpertHttp http = new ExpertHttp(Duration.ofSeconds(2), 1 << 20, OpenTelemetry.noop());
        ExpertAdapters adapters = new ExpertAdapters(List.of(new ThalamusV1Adapter(http, mapper, () -> Uni.createFrom().item("test-token")),
                new OpenAiChatAdapter(http, mapper), new KServeV2Adapter(http, mapper)));
        dispatcher = new Dispatcher(adapters, config(nonIdempotentTasks), breakers, observed, inFlight);
    }

    DispatchTestKit() {
        this(new BreakerSettings(20, 5, 0.5, Duration.ofMinutes(1), 1), Set.of("text-to-image"));
    }

    ExpertSelector selector(ExpertDirectory directory) {
        return new ExpertSelector(directory, TestExperts.selectionConfig(0.05, 0.1, 0.0), new LearnedQuality(10),
                observed, inFlight, breakers, new NearTieSpreader(new Random(1)));
    }

    static RegisteredExpert expert(String id, TaskId task, double quality, URI endpoint, Protocol protocol) {
        return TestExperts.expert(id, task, quality, 100, LoadReport.idle(), endpoint, protocol);
    }

    static Selection select(ExpertSelector selector, TaskId task) {
        return selector.select(task, Set.of(io.thalamus.api.task.Modality.TEXT, io.thalamus.api.task.Modality.IMAGE),
                Constraints.NONE, null);
    }

    static InvokeRequest vqa(String question, Duration timeout) {
        return new InvokeRequest(UUID.randomUUID().toString(), "acme", TaskId.VQA,
                new TaskInput(question, new ImageInput("image/png", PNG)), Map.of("maxTokens", 32),
                Instant.now().plus(timeout));
    }

    static InvokeRequest request(TaskId task, String text, Duration timeout) {
        return new InvokeRequest(UUID.randomUUID().toString(), "acme", task, TaskInput.text(text), Map.of(),
                Instant.now().plus(timeout));
    }

    private static DispatchConfig config(Set<String> nonIdempotentTasks) {
        return new DispatchConfig() {
            @Override
            public Duration connectTimeout() {
                return Duration.ofSeconds(2);
            }

            @Override
            public int maxAttempts() {
                return 2;
            }

            @Override
            public double attemptShare() {
                return 0.6;
            }

            @Override
            public Set<String> nonIdempotentTasks() {
                return nonIdempotentTasks;
            }

            @Override
            public int maxResponseBytes() {
                return 1 << 20;
            }
        };
    }
}
