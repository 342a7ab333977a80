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

    /** Documents read, one error per rejected line ({@code field} is {@code line N}), and the lines read. */
    public record Result(List<Document> documents, List<FieldError> rejected, int lines) {
    }

    private final ObjectMapper mapper;
    private final DocumentLimits limits;

    public JsonlCorpusReader(ObjectMapper mapper, int maxTextChars) {
        this(mapper, DocumentLimits.textOnly(maxTextChars));
    }

    public JsonlCorpusReader(ObjectMapper mapper, DocumentLimits limits) {
        this.mapper = mapper;
        this.limits = limits;
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
                    documents.add(document(mapper.readTree(line)));
                } catch (IOException | IllegalArgumentException e) {
                    rejected.add(new FieldError("line " + number, reason(e)));
                }
            }
            return new Result(documents, rejected, number);
        }
    }

    /** One document from its JSON object; IllegalArgumentException names what is wrong with it. */
    public Document document(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("is not a JSON object");
        }
        String id = text(node, "id", text(node, "_id", null));
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("has no 'id'");
        }
        if (id.length() > limits.maxIdChars()) {
            throw new IllegalArgumentException("has an 'id' of " + id.length() + " characters, the limit is "
                    + limits.maxIdChars());
        }
        String body = text(node, "text", null);
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("document '" + id + "' has no 'text'");
        }
        if (body.length() > limits.maxTextChars()) {
            throw new IllegalArgumentException("document '" + id + "' has " + body.length()
                    + " characters of text, the limit is " + limits.maxTextChars());
        }
        return new Document(id, text(node, "title", null), body, metadata(id, node.get("metadata")));
    }

    private Map<String, String> metadata(String id, JsonNode meta) {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (meta == null || meta.isNull()) {
            return metadata;
        }
        if (!meta.isObject()) {
            throw new IllegalArgumentException("document '" + id + "' has 'metadata' that is not an object");
        }
        if (meta.size() > limits.maxMetadataKeys()) {
            throw new IllegalArgumentException("document '" + id + "' has " + meta.size()
                    + " metadata keys, the limit is " + limits.maxMetadataKeys());
        }
        meta.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (!value.isValueNode() || value.isNull()) {
                throw new IllegalArgumentException("document '" + id + "' has metadata '" + field.getKey()
                        + "' that is not a string, number or boolean");
            }
            if (value.asText().length() > limits.maxMetadataValueChars()) {
                throw new IllegalArgumentException("document '" + id + "' has metadata '" + field.getKey()
                        + "' longer than " + limits.maxMetadataValueChars() + " characters");
            }
            metadata.put(field.getKey(), value.asText());
        });
        return metadata;
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
