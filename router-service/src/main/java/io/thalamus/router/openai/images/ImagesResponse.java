package io.thalamus.router.openai.images;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.thalamus.api.routing.RoutingDecision;

import java.util.List;

/** An OpenAI images response; {@code routing} is Thalamus's explanation, ignored by OpenAI clients. */
public record ImagesResponse(long created, List<Image> data, RoutingDecision routing) {

    /** One image: base64 bytes, or with {@code response_format=url} a {@code data:} URL (the router stores no images). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Image(@JsonProperty("b64_json") String b64Json, String url) {
    }
}
