package io.thalamus.router.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * OpenAI chat completions, as vLLM, TGI and Ollama serve vision-language models:
 * {@code POST {endpoint}/v1/chat/completions} with one user message whose content is the text and, when the
 * request has an image, an {@code image_url} part holding it as a {@code data:} URL. The model is the descriptor's
 * {@code modelId}. Request params {@code maxTokens} and {@code temperature} become {@code max_tokens} and
 * {@code temperature}.
 *
 * <p>The first choice's message is the answer: a {@link VqaOutput} for {@code vqa}, {@code {"text": …}} for any other
 * task. Such servers report tokens, not accelerator time, so usage is the call's wall-clock milliseconds (an upper
 * bound) and the credits the expert's cost model gives for them.
 */
@ApplicationScoped
public class OpenAiChatAdapter implements ExpertAdapter {

    private static final Map<String, String> PARAMS = Map.of("maxTokens", "max_tokens", "temperature", "temperature");

    private final ExpertHttp http;
    private final ObjectMapper mapper;

    public OpenAiChatAdapter(ExpertHttp http, ObjectMapper mapper) {
        this.http = http;
        this.mapper = mapper;
    }

    @Override
    public Protocol protocol() {
        return Protocol.OPENAI_CHAT;
    }

    @Override
    public Uni<InvokeResponse> invoke(ExpertDescriptor expert, InvokeRequest request, Duration timeout, Context trace) {
        byte[] body = requestBody(expert, request);
        long started = System.nanoTime();
        return http.postJson(ExpertAdapter.resolve(expert.endpoint(), "/v1/chat/completions"), body, timeout, trace,
                        expert.id())
                .map(response -> {
                    if (!response.isSuccess()) {
                        throw ExpertHttp.errorStatus(response, mapper);
                    }
                    JsonNode answer = readAnswer(response);
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    String model = answer.path("model").asText(expert.modelId());
                    String content = answer.path("choices").path(0).path("message").path("content").asText();
                    JsonNode output = TaskId.VQA.equals(request.task())
                            ? mapper.valueToTree(new VqaOutput(content))
                            : mapper.createObjectNode().put("text", content);
                    return new InvokeResponse(request.requestId(), model, output, Usages.fromWallClock(expert, millis));
                });
    }

    byte[] requestBody(ExpertDescriptor expert, InvokeRequest request) {
        ObjectNode body = mapper.createObjectNode();
        body.put("model", expert.modelId());
        ObjectNode message = body.putArray("messages").addObject();
        message.put("role", "user");
        String text = request.input().text() == null ? "" : request.input().text();
        ImageInput image = request.input().image();
        if (image == null || image.size() == 0) {
            message.put("content", text);
        } else {
            ArrayNode content = message.putArray("content");
            content.addObject().put("type", "text").put("text", text);
            content.addObject().put("type", "image_url").putObject("image_url")
                    .put("url", "data:" + image.mediaType() + ";base64," + Base64.getEncoder().encodeToString(image.data()));
        }
        PARAMS.forEach((param, field) -> {
            Object value = request.params().get(param);
            if (value != null) {
                body.set(field, mapper.valueToTree(value));
            }
        });
        body.put("stream", false);
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode readAnswer(ExpertHttp.Response response) {
        try {
            JsonNode answer = mapper.readTree(response.body());
            JsonNode content = answer == null ? null : answer.path("choices").path(0).path("message").path("content");
            if (content == null || !content.isTextual()) {
                throw ExpertHttp.invalidResult(response, null);
            }
            return answer;
        } catch (IOException e) {
            throw ExpertHttp.invalidResult(response, e);
        }
    }
}
