package io.thalamus.retrieval.collection;

import java.util.Map;

/** A search of one collection: the query text, how many documents, and an optional metadata filter. */
public record SearchRequest(String query, Integer topK, Map<String, Object> filter) {
}
