package io.thalamus.router.openai.embeddings;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * An OpenAI embeddings response. {@code embedding} is a list of floats, or with {@code encoding_format=base64} the
 * little-endian float32 bytes in base64. Token counts are 0: experts report compute and credits, not tokens.
 */
public record EmbeddingList(String object, List<Embedding> data, String model, Usage usage) {

    public record Embedding(String object, int index, Object embedding) {
    }

    public record Usage(@JsonProperty("prompt_tokens") int promptTokens,
                        @JsonProperty("total_tokens") int totalTokens,
                        double credits) {
    }
}
