package io.thalamus.retrieval.corpus;

import java.util.Map;

/** A document as ingested: stable id, optional title, text and string metadata. */
public record Document(String id, String title, String text, Map<String, String> metadata) {

    public Document {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /**
     * The text an encoder sees: title and body joined by a space, as MTEB embeds BEIR corpora. The join matters:
     * on SciFact, bge-small with {@code "title. text"} scored 0.010 nDCG@10 lower (docs/retrieval.md).
     */
    public String embeddingText() {
        return title == null || title.isBlank() ? text : title + " " + text;
    }
}
