package io.thalamus.router.openai.images;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The fields of an OpenAI image generation request that the router reads; others are ignored. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageGenerationRequest(
        String prompt,
        String model,
        Integer n,
        String size,
        @JsonProperty("response_format") String responseFormat) {
}
