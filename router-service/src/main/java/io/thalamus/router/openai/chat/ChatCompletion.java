package io.thalamus.router.openai.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.thalamus.api.routing.RoutingDecision;

import java.util.List;

/**
 * An OpenAI {@code chat.completion} object. {@code routing} is Thalamus's explanation of the choice of expert;
 * OpenAI clients ignore it. Token counts are 0: experts report compute time and credits, not tokens.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ChatCompletion(
        String id,
        String object,
        long created,
        String model,
        List<Choice> choices,
        Usage usage,
        @JsonProperty("system_fingerprint") String systemFingerprint,
        RoutingDecision routing) {

    public record Choice(int index, Message message, Object logprobs, @JsonProperty("finish_reason") String finishReason) {
    }

    public record Message(String role, String content, String refusal) {
    }

    public record Usage(@JsonProperty("prompt_tokens") int promptTokens,
                        @JsonProperty("completion_tokens") int completionTokens,
                        @JsonProperty("total_tokens") int totalTokens,
                        double credits) {
    }
}
