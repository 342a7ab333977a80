package io.thalamus.router.openai.embeddings;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.thalamus.api.routing.Constraints;
import io.thalamus.api.routing.TaskRequest;
import io.thalamus.api.routing.TaskResponse;
import io.thalamus.api.task.Modality;
import io.thalamus.api.task.TaskId;
import io.thalamus.api.task.TaskInput;
import io.thalamus.router.openai.ModelChoice;
import io.thalamus.router.openai.OpenAiConfig;
import io.thalamus.router.openai.OpenAiProblems;
import io.thalamus.router.selection.ExpertSelector;
import io.thalamus.router.selection.Selection;
import io.thalamus.router.task.TaskService;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;

/**
 * Embeds each input as one {@code embedding} task. Every input of a request goes to experts serving the same
 * model — vectors of different models are not comparable — so with {@code model=auto} the router picks the model
 * of the best-ranked expert first and pins all inputs to it. Inputs are embedded one after the other.
 */
@ApplicationScoped
public class EmbeddingService {

    private final TaskService tasks;
    private final ExpertSelector selector;
    private final ModelChoice models;
    private final OpenAiConfig config;

    public EmbeddingService(TaskService tasks, ExpertSelector selector, ModelChoice models, OpenAiConfig config) {
        this.tasks = tasks;
        this.selector = selector;
        this.models = models;
        this.config = config;
    }

    @WithSpan("EmbeddingService.embed")
    public Uni<EmbeddingList> embed(EmbeddingRequest request, String tenant) {
        if (request == null) {
            throw OpenAiProblems.invalid("input", "is required");
        }
        List<String> inputs = inputs(request.input());
        boolean base64 = base64(request.encodingFormat());
        if (request.dimensions() != null) {
            throw OpenAiProblems.invalid("dimensions", "is not supported: vectors have the model's own dimension");
        }
        String pinned = models.pinned(request.model());
        if (pinned == null) {
            pinned = bestModel();
        }
        String model = pinned;
        // one after the other: the selector counts the router's calls in flight against the expert's capacity
        return Multi.createFrom().iterable(inputs)
                .onItem().transformToUniAndConcatenate(input -> tasks.submit(
                        new TaskRequest(TaskId.EMBEDDING, TaskInput.text(input), null, null, null, null), tenant, model))
                .collect().asList()
                .map(responses -> list(responses, base64));
    }

    /** The model of the expert the router would choose now; null lets the task service report why none can. */
    private String bestModel() {
        Selection selection = selector.select(TaskId.EMBEDDING, EnumSet.of(Modality.TEXT), Constraints.NONE, null);
        return selection.isEmpty() ? null : selection.ranked().get(0).expert().descriptor().modelId();
    }

    private List<String> inputs(JsonNode input) {
        List<String> texts = new ArrayList<>();
        if (input != null && input.isTextual()) {
            texts.add(input.asText());
        } else if (input != null && input.isArray()) {
            for (int i = 0; i < input.size(); i++) {
                if (!input.get(i).isTextual()) {
                    throw OpenAiProblems.invalid("input[" + i + "]", "must be a string (token arrays are not supported)");
                }
                texts.add(input.get(i).asText());
            }
        } else {
            throw OpenAiProblems.invalid("input", "must be a string or a list of strings");
        }
        if (texts.isEmpty()) {
            throw OpenAiProblems.invalid("input", "needs at least one text");
        }
        if (texts.size() > config.maxEmbeddingInputs()) {
            throw OpenAiProblems.invalid("input", "has " + texts.size() + " texts, the limit is " + config.maxEmbeddingInputs());
        }
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i).isBlank()) {
                throw OpenAiProblems.invalid(texts.size() == 1 ? "input" : "input[" + i + "]", "is empty");
            }
        }
        return texts;
    }

    private static boolean base64(String encodingFormat) {
        if (encodingFormat == null || encodingFormat.equals("float")) {
            return false;
        }
        if (encodingFormat.equals("base64")) {
            return true;
        }
        throw OpenAiProblems.invalid("encoding_format", "must be float or base64");
    }

    private static EmbeddingList list(List<TaskResponse> responses, boolean base64) {
        List<EmbeddingList.Embedding> data = new ArrayList<>(responses.size());
        double credits = 0;
        for (int i = 0; i < responses.size(); i++) {
            TaskResponse response = responses.get(i);
            float[] vector = vector(response.output());
            data.add(new EmbeddingList.Embedding("embedding", i, base64 ? encode(vector) : vector));
            credits += response.usage() == null ? 0 : response.usage().credits();
        }
        return new EmbeddingList("list", data, responses.get(0).modelId(), new EmbeddingList.Usage(0, 0, credits));
    }

    private static float[] vector(JsonNode output) {
        JsonNode values = output == null ? null : output.path("embedding");
        if (values == null || !values.isArray()) {
            throw new IllegalStateException("the expert's embedding output has no 'embedding' array");
        }
        float[] vector = new float[values.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) values.get(i).asDouble();
        }
        return vector;
    }

    /** OpenAI's base64 encoding: the float32 values, little-endian, concatenated. */
    static String encode(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : vector) {
            bytes.putFloat(value);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
