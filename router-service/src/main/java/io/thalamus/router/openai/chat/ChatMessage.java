package io.thalamus.router.openai.chat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One message: {@code content} is a string, or a list of parts
 * ({@code {"type":"text","text":…}}, {@code {"type":"image_url","image_url":{"url":…}}}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatMessage(String role, JsonNode content) {
}
