package io.thalamus.retrieval.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thalamus.api.problem.FieldError;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON Lines documents ({@code id}, {@code title}, {@code text}, {@code metadata}; BEIR's {@code _id}
 * is accepted too). A malformed line is reported with its line number and does not stop the others.
 */
public class JsonlCorpusReader {

    /** Documents read, and one error per rejected line ({@code field} is {@code line N}). */
    public record Result(List<Document> documents, List<FieldError> rejected) {
    }

    private final ObjectMapper mapper;
    private final int maxTextChars;

    public JsonlCorpusReader(ObjectMapper mapper, int maxTextChars) {
        this.mapper = mapper;
        this.maxTextChars = maxTextChars;
    }

    public Result read(Reader source) throws IOException {
        List<Document> documents = new ArrayList<>();
        List<FieldError> rejected = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(source)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    documents.add(parse(mapper.readTree(line)));
                } catch (IOException | IllegalArgumentException e) {
                    rejected.add(new FieldError("line " + number, reason(e)));
                }
            }
        }
        return new Result(documents, rejected);
    }

    private Document parse(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("is not a JSON object");
        }
        String id = text(node, "id", text(node, "_id", null));
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("has no 'id'");
        }
        String body = text(node, "text", null);
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("document '" + id + "' has no 'text'");
        }
        if (body.length() > maxTextChars) {
            throw new IllegalArgumentException("document '" + id + "' has " + body.length()
                    + " characters of text, the limit is " + maxTextChars);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        JsonNode meta = node.get("metadata");
        if (meta != null && meta.isObject()) {
            meta.fields().forEachRemaining(field -> metadata.put(field.getKey(), field.getValue().asText()));
        }
        return new Document(id, text(node, "title", null), body, metadata);
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? fallback : value.asText();
    }

    private static String reason(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.split("\n")[0];
    }
}
