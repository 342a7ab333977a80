package io.thalamus.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.thalamus.api.expert.ExpertDescriptor;
import io.thalamus.api.expert.Protocol;
import io.thalamus.api.invoke.InvokeRequest;
import io.thalamus.api.problem.FieldError;
import io.thalamus.api.problem.Problem;
import io.thalamus.api.problem.ProblemType;
import io.thalamus.api.task.ImageInput;
import io.thalamus.api.task.Modality;
import io.thalamus.api.task.TaskId;
import io.thalamus.api.task.TaskInput;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireFormatTest {

    private final ObjectMapper mapper = Json.newMapper();

    @Test
    void invokeRequestCarriesImageAsBase64AndTaskAsPlainString() throws Exception {
        InvokeRequest request = new InvokeRequest("r1", "acme", TaskId.VQA,
                new TaskInput("what colour?", new ImageInput("image/png", new byte[] {1, 2, 3})),
                Map.of("topK", 3), Instant.parse("2026-01-01T00:00:00Z"));

        String json = mapper.writeValueAsString(request);

        assertThat(json).contains("\"task\":\"vqa\"").contains("\"base64\":\"AQID\"")
                .contains("\"deadline\":\"2026-01-01T00:00:00Z\"");
        InvokeRequest back = mapper.readValue(json, InvokeRequest.class);
        assertThat(back.input().image().data()).containsExactly(1, 2, 3);
        assertThat(back.input().modalities()).containsExactlyInAnyOrder(Modality.TEXT, Modality.IMAGE);
    }

    @Test
    void protocolAndModalitiesUseTheirWireNames() throws Exception {
        String json = "{\"id\":\"e1\",\"tasks\":[\"retrieval\"],\"inputModalities\":[\"text\"],"
                + "\"endpoint\":\"http://127.0.0.1:9000\",\"protocol\":\"openai-chat\"}";

        ExpertDescriptor descriptor = mapper.readValue(json, ExpertDescriptor.class);

        assertThat(descriptor.protocol()).isEqualTo(Protocol.OPENAI_CHAT);
        assertThat(descriptor.inputModalities()).containsExactly(Modality.TEXT);
        assertThat(mapper.writeValueAsString(descriptor)).contains("\"protocol\":\"openai-chat\"");
    }

    @Test
    void problemSerialisesAsRfc9457WithExtensions() throws Exception {
        Problem problem = Problem.invalid("2 fields are invalid", List.of(new FieldError("tasks", "must not be empty")))
                .with("candidates", List.of("retrieval"));

        String json = mapper.writeValueAsString(problem);

        assertThat(json).contains("\"type\":\"" + ProblemType.BASE + "invalid-request\"")
                .contains("\"status\":400").contains("\"candidates\":[\"retrieval\"]");
        Problem back = mapper.readValue(json, Problem.class);
        assertThat(back.is(ProblemType.INVALID_REQUEST)).isTrue();
        assertThat(back.errors()).extracting(FieldError::field).containsExactly("tasks");
        assertThat(back.extensions()).containsKey("candidates");
    }

    @Test
    void taskIdsAreValidated() {
        assertThat(TaskId.of("text-to-image")).isEqualTo(TaskId.TEXT_TO_IMAGE);
        assertThatThrownBy(() -> TaskId.of("Text To Image")).isInstanceOf(IllegalArgumentException.class);
    }
}
