package io.thalamus.router.openai.models;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** An OpenAI model list. Each registered expert is a model; {@code auto} lets the router choose. */
public record ModelList(String object, List<Model> data) {

    /** OpenAI's fields, then Thalamus's: the model the expert serves, its tasks and its state. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Model(String id, String object, long created, @JsonProperty("owned_by") String ownedBy,
                        @JsonProperty("model_id") String modelId, List<String> tasks, String state) {
    }
}
