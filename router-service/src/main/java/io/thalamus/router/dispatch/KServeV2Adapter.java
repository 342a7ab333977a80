package io.thalamus.router.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.thalamus.api.expert.ExpertDescriptor;
import io.thalamus.api.expert.Protocol;
import io.thalamus.api.invoke.InvokeRequest;
import io.thalamus.api.invoke.InvokeResponse;
import io.thalamus.api.task.ImageInput;
import io.thalamus.api.task.TaskId;
import io.thalamus.api.vqa.VqaOutput;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * The Open Inference Protocol v2 (KServe, Triton, MLServer):
 * {@code POST {endpoint}/v2/models/{modelId}/infer} with one BYTES tensor of shape [1] per input part: {@code text}
 * (the text, {@code content_type: str}) and {@code image} (its bytes in base64, {@code content_type: base64}, with a
 * {@code media_type} parameter). Request params go into the request's {@code parameters}.
 *
 * <p>Each output tensor becomes a field of the task output named like the tensor: its only element when it holds
 * one, its data array otherwise. For {@code vqa} the output is a {@link VqaOutput}: the {@code answer} tensor, or the
 * only output tensor there is. Usage is wall-clock time as for {@link OpenAiChatAdapter}.
 */
@ApplicationScoped
public class KServeV2Adapter implements ExpertAdapter {

    private final ExpertHttp http;
    private final ObjectMapper mapper;

    public KServeV2Adapter(ExpertHttp http, ObjectMapper mapper) {
        this.http = http;
        this.mapper = mapper;
    }

    @Override
    public Protocol protocol() {
        return Protocol.KSERVE_V2;
    }

    @Override
    public Uni<InvokeResponse> invoke(ExpertDescriptor expert, InvokeRequest request, Duration timeout, Context trace) {
        byte[] body = requestBody(request);
        String model = URLEncoder.encode(expert.modelId(), StandardCharsets.UTF_8).replace("+", "%20");
        long started = System.nanoTime();
        return http.postJson(ExpertAdapter.resolve(expert.endpoint(), "/v2/models/" + model + "/infer"), body, timeout,
                        trace, expert.id())
                .map(response -> {
                    if (!response.isSuccess()) {
                        throw ExpertHttp.errorStatus(response, mapper);
                    }
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    JsonNode answer;
                    try {
                        answer = mapper.readTree(response.body());
                    } catch (IOException e) {
                        throw ExpertHttp.invalidResult(response, e);
                    }
                    JsonNode output = taskOutput(request.task(), answer, response);
                    String modelName = answer.path("model_name").asText(expert.modelId());
                    return new InvokeResponse(request.requestId(), modelName, output, Usages.fromWallClock(expert, millis));
                });
    }

    byte[] requestBody(InvokeRequest request) {
        ObjectNode body = mapper.createObjectNode();
        body.put("id", request.requestId());
        if (!request.params().isEmpty()) {
            body.set("parameters", mapper.valueToTree(request.params()));
        }
        var inputs = body.putArray("inputs");
        if (request.input().text() != null) {
            ObjectNode text = inputs.addObject();
            text.put("name", "text").put("datatype", "BYTES");
            text.putArray("shape").add(1);
            text.putArray("data").add(request.input().text());
            text.putObject("parameters").put("content_type", "str");
        }
        ImageInput image = request.input().image();
        if (image != null && image.size() > 0) {
            ObjectNode tensor = inputs.addObject();
            tensor.put("name", "image").put("datatype", "BYTES");
            tensor.putArray("shape").add(1);
            tensor.putArray("data").add(Base64.getEncoder().encodeToString(image.data()));
            tensor.putObject("parameters").put("content_type", "base64").put("media_type", image.mediaType());
        }
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode taskOutput(TaskId task, JsonNode answer, ExpertHttp.Response response) {
        JsonNode outputs = answer == null ? null : answer.get("outputs");
        if (outputs == null || !outputs.isArray() || outputs.isEmpty()) {
            throw ExpertHttp.invalidResult(response, null);
        }
        ObjectNode byName = mapper.createObjectNode();
        for (JsonNode tensor : outputs) {
            JsonNode data = tensor.get("data");
            if (!tensor.path("name").isTextual() || data == null || !data.isArray()) {
                throw ExpertHttp.invalidResult(response, null);
            }
            byName.set(tensor.get("name").asText(), data.size() == 1 ? data.get(0) : data);
        }
        if (!TaskId.VQA.equals(task)) {
            return byName;
        }
        JsonNode value = byName.has("answer") ? byName.get("answer")
                : byName.size() == 1 ? byName.elements().next() : null;
        if (value == null || !value.isValueNode()) {
            throw ExpertHttp.invalidResult(response, null);
        }
        return mapper.valueToTree(new VqaOutput(value.asText()));
    }
}
