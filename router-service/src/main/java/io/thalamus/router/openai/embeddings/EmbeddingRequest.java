package io.thalamus.router.openai.embeddings;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * An OpenAI embeddings request. {@code input} is a string or a list of strings (token arrays are refused);
 * {@code encoding_format} is {@code float} or {@code base64} (the OpenAI Python SDK asks for base64 by default).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EmbeddingRequest(
        JsonNode input,
        String model,
        @JsonProperty("encoding_format") String encodingFormat,
        Integer dimensions) {
}
