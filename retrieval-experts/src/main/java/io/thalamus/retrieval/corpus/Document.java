package io.thalamus.retrieval.corpus;

import java.util.Map;

/** A document as ingested: stable id, optional title, text and string metadata. */
public record Document(String id, String title, String text, Map<String, String> metadata) {

    public Document {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** The text an encoder sees: title and body, as BEIR evaluations embed them. */
    public String embeddingText() {
        return title == null || title.isBlank() ? text : title + ". " + text;
    }
}
