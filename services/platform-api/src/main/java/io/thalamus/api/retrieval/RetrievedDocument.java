package io.thalamus.api.retrieval;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/** One search hit. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RetrievedDocument(String id, String title, String text, double score, Map<String, String> metadata) {
}
