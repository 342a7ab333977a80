package io.thalamus.router.dispatch;

import io.thalamus.api.expert.Protocol;
import io.thalamus.api.problem.ProblemException;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.api.task.TaskId;
import io.thalamus.router.selection.ExpertSelector;
import io.thalamus.router.selection.TestExperts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each adapter against a real server speaking its protocol. */
class ProtocolAdaptersTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final DispatchTestKit kit = new DispatchTestKit();
    private TestExpertServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void openAiChatSendsTheQuestionAndTheImageAsADataUrlAndReadsTheAnswer() throws IOException {
        server = TestExpertServer.start(TestExpertServer.Protocol.OPENAI);
        ExpertSelector selector = kit.selector(TestExperts.directory(
                DispatchTestKit.expert("llava", TaskId.VQA, 0.8, server.uri(), Protocol.OPENAI_CHAT)));

        Dispatched dispatched = kit.dispatcher.dispatch(DispatchTestKit.vqa("what colour is it?", WAIT),
                DispatchTestKit.select(selector, TaskId.VQA).ranked()).await().atMost(WAIT);

        assertThat(server.paths()).containsExactly("/v1/chat/completions");
        var sent = server.requests().get(0);
        assertThat(sent.path("model").asText()).isEqualTo("model-llava");
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(32);
        assertThat(sent.path("messages").path(0).path("content").path(1).path("image_url").path("url").asText())
                .startsWith("data:image/png;base64,");
        assertThat(dispatched.response().output().path("answer").asText())
                .isEqualTo("answer to 'what colour is it?' looking at image/png of 8 bytes");
        assertThat(dispatched.response().modelId()).isEqualTo("model-llava");
        assertThat(dispatched.attempts()).containsExactly("llava");
        assertThat(kit.observed.of("llava")).as("the call's latency was observed").isPresent();
    }

    @Test
    void kserveV2SendsBytesTensorsToTheModelsInferPathAndMapsTheOutputs() throws IOException {
        server = TestExpertServer.start(TestExpertServer.Protocol.KSERVE);
        ExpertSelector selector = kit.selector(TestExperts.directory(
                DispatchTestKit.expert("blip", TaskId.VQA, 0.8, server.uri(), Protocol.KSERVE_V2)));

        Dispatched dispatched = kit.dispatcher.dispatch(DispatchTestKit.vqa("how many cats?", WAIT),
                DispatchTestKit.select(selector, TaskId.VQA).ranked()).await().atMost(WAIT);

        assertThat(server.paths()).containsExactly("/v2/models/model-blip/infer");
        var inputs = server.requests().get(0).path("inputs");
        assertThat(inputs.path(0).path("name").asText()).isEqualTo("text");
        assertThat(inputs.path(0).path("datatype").asText()).isEqualTo("BYTES");
        assertThat(inputs.path(0).path("shape").path(0).asInt()).isEqualTo(1);
        assertThat(inputs.path(1).path("name").asText()).isEqualTo("image");
        assertThat(server.requests().get(0).path("parameters").path("maxTokens").asInt()).isEqualTo(32);
        assertThat(dispatched.response().output().path("answer").asText())
                .isEqualTo("answer to 'how many cats?' looking at image/png of 8 bytes");
        assertThat(dispatched.response().modelId()).isEqualTo("model-blip");
    }

    @Test
    void kserveOutputsOfOtherTasksAreKeptByTensorName() throws IOException {
        server = TestExpertServer.start(TestExpertServer.Protocol.KSERVE);
        TaskId caption = TaskId.of("caption");
        ExpertSelector selector = kit.selector(TestExperts.directory(
                DispatchTestKit.expert("cap", caption, 0.8, server.uri(), Protocol.KSERVE_V2)));

        Dispatched dispatched = kit.dispatcher.dispatch(DispatchTestKit.request(caption, "describe", WAIT),
                DispatchTestKit.select(selector, caption).ranked()).await().atMost(WAIT);

        assertThat(dispatched.response().output().path("answer").asText()).isEqualTo("answer to 'describe'");
    }

    @Test
    void thalamusV1PassesTheInvokeRequestThrough() throws IOException {
        server = TestExpertServer.start(TestExpertServer.Protocol.THALAMUS);
        ExpertSelector selector = kit.selector(TestExperts.directory(
                DispatchTestKit.expert("native", TaskId.RETRIEVAL, 0.8, server.uri(), Protocol.THALAMUS_V1)));

        Dispatched dispatched = kit.dispatcher.dispatch(DispatchTestKit.request(TaskId.RETRIEVAL, "vaccines", WAIT),
                DispatchTestKit.select(selector, TaskId.RETRIEVAL).ranked()).await().atMost(WAIT);

        assertThat(server.paths()).containsExactly("/v1/invoke");
        assertThat(dispatched.response().output().path("answer").asText()).isEqualTo("answer to 'vaccines'");
        assertThat(dispatched.response().usage().gpuMillis()).isEqualTo(3);
    }

    @Test
    void anExpertsRefusalOfTheInputIsNotRetriedAndComesBackAsA400() throws IOException {
        server = TestExpertServer.start(TestExpertServer.Protocol.KSERVE);
        try (TestExpertServer other = TestExpertServer.start(TestExpertServer.Protocol.KSERVE)) {
            // a model id the server's path check refuses
            var refusing = TestExperts.expert("bad", TaskId.VQA, 0.9, 100, null,
                    server.uri().resolve("/unknown-prefix/"), Protocol.OPENAI_CHAT);
            ExpertSelector selector = kit.selector(TestExperts.directory(refusing,
                    DispatchTestKit.expert("good", TaskId.VQA, 0.5, other.uri(), Protocol.KSERVE_V2)));

            assertThatThrownBy(() -> kit.dispatcher.dispatch(DispatchTestKit.vqa("q", WAIT),
                    DispatchTestKit.select(selector, TaskId.VQA).ranked()).await().atMost(WAIT))
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.problem().is(ProblemType.INVALID_REQUEST)).isTrue();
                        assertThat(e.problem().detail()).contains("HTTP 400");
                    });
            assertThat(other.requests()).isEmpty();
        }
    }
}
