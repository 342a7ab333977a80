package io.thalamus.registry.expert.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.thalamus.api.problem.FieldError;

import java.util.ArrayList;
import java.util.List;

/** Reads typed values out of a JSON tree, collecting one error per invalid field instead of stopping at the first. */
final class FieldErrors {

    private final List<FieldError> errors = new ArrayList<>();

    void add(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    List<FieldError> list() {
        return List.copyOf(errors);
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    /** A required string of at most {@code maxLength} characters; null (after recording why) when invalid. */
    String text(JsonNode parent, String name, String field, int maxLength, boolean required) {
        return text(parent.get(name), field, maxLength, required);
    }

    /** A required string element of an array, of at most {@code maxLength} characters. */
    String text(JsonNode array, int index, String field, int maxLength) {
        return text(array.get(index), field, maxLength, true);
    }

    private String text(JsonNode node, String field, int maxLength, boolean required) {
        if (!present(node)) {
            if (required) {
                add(field, "is required");
            }
            return null;
        }
        if (!node.isTextual()) {
            add(field, "must be a string");
            return null;
        }
        String value = node.asText();
        if (value.isBlank()) {
            add(field, "must not be blank");
            return null;
        }
        if (value.length() > maxLength) {
            add(field, "must be at most " + maxLength + " characters (got " + value.length() + ")");
            return null;
        }
        return value;
    }

    /** A number in [min, max]; null when absent or invalid. */
    Double number(JsonNode parent, String name, String field, double min, double max, boolean required) {
        JsonNode node = parent.get(name);
        if (!present(node)) {
            if (required) {
                add(field, "is required");
            }
            return null;
        }
        if (!node.isNumber()) {
            add(field, "must be a number");
            return null;
        }
        double value = node.asDouble();
        if (!Double.isFinite(value)) {
            add(field, "must be a finite number");
            return null;
        }
        if (value < min) {
            add(field, min == 0 ? "must not be negative (got " + node.asText() + ")"
                    : "must be at least " + format(min) + " (got " + node.asText() + ")");
            return null;
        }
        if (value > max) {
            add(field, "must be at most " + format(max) + " (got " + node.asText() + ")");
            return null;
        }
        return value;
    }

    /** A whole number in [min, max]; null when absent or invalid. */
    Integer integer(JsonNode parent, String name, String field, long min, long max, boolean required) {
        JsonNode node = parent.get(name);
        if (!present(node)) {
            if (required) {
                add(field, "is required");
            }
            return null;
        }
        if (!node.isIntegralNumber() && !(node.isNumber() && node.asDouble() == Math.rint(node.asDouble()))) {
            add(field, "must be a whole number");
            return null;
        }
        if (!node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
            add(field, "must be between " + min + " and " + max + " (got " + node.asText() + ")");
            return null;
        }
        return (int) node.asLong();
    }

    /** An object member, or null after recording why; absent is fine unless required. */
    JsonNode object(JsonNode parent, String name, String field, boolean required) {
        JsonNode node = parent.get(name);
        if (!present(node)) {
            if (required) {
                add(field, "is required");
            }
            return null;
        }
        if (!node.isObject()) {
            add(field, "must be an object");
            return null;
        }
        return node;
    }

    /** An array member, or null after recording why. */
    JsonNode array(JsonNode parent, String name, String field, boolean required) {
        JsonNode node = parent.get(name);
        if (!present(node)) {
            if (required) {
                add(field, "is required");
            }
            return null;
        }
        if (!node.isArray()) {
            add(field, "must be an array");
            return null;
        }
        return node;
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
