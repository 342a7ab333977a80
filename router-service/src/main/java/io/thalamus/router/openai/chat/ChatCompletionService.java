package io.thalamus.router.openai.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Uni;
import io.thalamus.api.routing.TaskRequest;
import io.thalamus.api.routing.TaskResponse;
import io.thalamus.api.task.ImageInput;
import io.thalamus.api.task.TaskId;
import io.thalamus.api.task.TaskInput;
import io.thalamus.router.directory.ExpertDirectory;
import io.thalamus.router.input.ImageInspector;
import io.thalamus.router.input.ImageUrlResolver;
import io.thalamus.router.openai.DataUrl;
import io.thalamus.router.openai.ModelChoice;
import io.thalamus.router.openai.OpenAiProblems;
import io.thalamus.router.task.TaskService;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a chat completion into a task: a user message with an image is visual question answering; a text-only
 * message goes to an expert of the {@code chat} task when one is registered, and is refused otherwise (the
 * router's other tasks — retrieval, text-to-image — do not answer with a chat message).
 */
@ApplicationScoped
public class ChatCompletionService {

    static final TaskId CHAT = TaskId.of("chat");

    private final TaskService tasks;
    private final ModelChoice models;
    private final ExpertDirectory directory;
    private final ImageUrlResolver imageUrls;
    private final ImageInspector images;

    public ChatCompletionService(TaskService tasks, ModelChoice models, ExpertDirectory directory,
                                 ImageUrlResolver imageUrls, ImageInspector images) {
        this.tasks = tasks;
        this.models = models;
        this.directory = directory;
        this.imageUrls = imageUrls;
        this.images = images;
    }

    @WithSpan("ChatCompletionService.complete")
    public Uni<ChatCompletion> complete(ChatCompletionRequest request, String tenant) {
        if (request == null) {
            throw OpenAiProblems.invalid("messages", "is required");
        }
        if (Boolean.TRUE.equals(request.stream())) {
            throw OpenAiProblems.invalid("stream", "is not supported: send stream=false (or leave it out)");
        }
        if (request.n() != null && request.n() != 1) {
            throw OpenAiProblems.invalid("n", "must be 1: experts give one answer per question");
        }
        String pinned = models.pinned(request.model());
        ChatPrompt prompt = ChatPrompt.of(request.messages());
        TaskId task = taskFor(prompt);
        return image(prompt).chain(image -> {
            TaskRequest taskRequest = new TaskRequest(task, new TaskInput(prompt.text(), image), params(request),
                    null, null, null);
            return tasks.submit(taskRequest, tenant, pinned);
        }).map(ChatCompletionService::completion);
    }

    private TaskId taskFor(ChatPrompt prompt) {
        if (prompt.hasImage()) {
            if (prompt.text().isBlank()) {
                throw OpenAiProblems.invalid("messages", "needs a text part with the question about the image");
            }
            return TaskId.VQA;
        }
        if (directory.expertsFor(CHAT).isEmpty()) {
            throw OpenAiProblems.invalid("messages", "has no image_url part: this router answers chat completions"
                    + " about an image (visual question answering), and no expert for text-only chat is registered");
        }
        return CHAT;
    }

    private Uni<ImageInput> image(ChatPrompt prompt) {
        if (!prompt.hasImage()) {
            return Uni.createFrom().nullItem();
        }
        Uni<ImageInput> image = DataUrl.isDataUrl(prompt.imageUrl())
                ? Uni.createFrom().item(DataUrl.decode(prompt.imageUrl(), prompt.imageField()))
                : imageUrls.fetch(uri(prompt.imageUrl(), prompt.imageField()), prompt.imageField());
        return image.map(loaded -> {
            OpenAiProblems.throwIfAny(images.inspect(loaded, prompt.imageField()));
            return loaded;
        });
    }

    private static URI uri(String value, String field) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw OpenAiProblems.invalid(field, "is not a valid URL: " + e.getMessage());
        }
    }

    private static Map<String, Object> params(ChatCompletionRequest request) {
        Map<String, Object> params = new HashMap<>();
        Integer maxTokens = request.maxCompletionTokens() != null ? request.maxCompletionTokens() : request.maxTokens();
        if (maxTokens != null) {
            params.put("maxTokens", maxTokens);
        }
        if (request.temperature() != null) {
            params.put("temperature", request.temperature());
        }
        return params;
    }

    private static ChatCompletion completion(TaskResponse response) {
        ChatCompletion.Message message = new ChatCompletion.Message("assistant", answerText(response.output()), null);
        double credits = response.usage() == null ? 0 : response.usage().credits();
        return new ChatCompletion("chatcmpl-" + response.id(), "chat.completion", Instant.now().getEpochSecond(),
                response.modelId(), List.of(new ChatCompletion.Choice(0, message, null, "stop")),
                new ChatCompletion.Usage(0, 0, 0, credits), null, response.routing());
    }

    /** The answer in an expert's output: {@code answer} or {@code text}, or the output itself when it is text. */
    static String answerText(JsonNode output) {
        if (output == null || output.isNull()) {
            return "";
        }
        if (output.isTextual()) {
            return output.asText();
        }
        for (String field : List.of("answer", "text", "content")) {
            if (output.path(field).isTextual()) {
                return output.path(field).asText();
            }
        }
        return output.toString();
    }
}
