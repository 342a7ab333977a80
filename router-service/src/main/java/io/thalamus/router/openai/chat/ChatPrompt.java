package io.thalamus.router.openai.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.thalamus.router.openai.OpenAiProblems;

import java.util.ArrayList;
import java.util.List;

/**
 * What the router takes from a chat: the last user message's text and its image part, if any. Experts answer
 * one question at a time, so earlier turns and system messages are not sent to them.
 *
 * @param imageUrl   the {@code image_url.url} value (a {@code data:} URL or an http(s) URL), or null
 * @param imageField where that value sits in the request, for error messages
 */
public record ChatPrompt(String text, String imageUrl, String imageField) {

    public static ChatPrompt of(List<ChatMessage> messages) {
        if (messages == null || messages.isEmpty()) {
            throw OpenAiProblems.invalid("messages", "needs at least one message");
        }
        int index = lastUserMessage(messages);
        JsonNode content = messages.get(index).content();
        String field = "messages[" + index + "].content";
        if (content == null || content.isNull()) {
            throw OpenAiProblems.invalid(field, "is required");
        }
        if (content.isTextual()) {
            return new ChatPrompt(content.asText(), null, null);
        }
        if (!content.isArray()) {
            throw OpenAiProblems.invalid(field, "must be a string or a list of content parts");
        }
        List<String> texts = new ArrayList<>();
        String imageUrl = null;
        String imageField = null;
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String partField = field + "[" + i + "]";
            String type = part.path("type").asText("");
            switch (type) {
                case "text" -> texts.add(part.path("text").asText(""));
                case "image_url" -> {
                    if (imageUrl != null) {
                        throw OpenAiProblems.invalid(partField, "is a second image: experts take one image per question");
                    }
                    JsonNode url = part.path("image_url").path("url");
                    if (!url.isTextual() || url.asText().isBlank()) {
                        throw OpenAiProblems.invalid(partField + ".image_url.url", "is required");
                    }
                    imageUrl = url.asText();
                    imageField = partField + ".image_url.url";
                }
                default -> throw OpenAiProblems.invalid(partField + ".type",
                        "'" + type + "' is not supported: use text and image_url parts");
            }
        }
        return new ChatPrompt(String.join("\n", texts), imageUrl, imageField);
    }

    public boolean hasImage() {
        return imageUrl != null;
    }

    private static int lastUserMessage(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role())) {
                return i;
            }
        }
        throw OpenAiProblems.invalid("messages", "has no message with role 'user'");
    }
}
