package io.thalamus.api.task;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Identifies a kind of work ({@code vqa}, {@code retrieval}, {@code text-to-image}, ...).
 * Open-ended: experts may register tasks the platform has no constant for.
 */
public record TaskId(String value) implements Comparable<TaskId> {

    private static final Pattern FORMAT = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    public static final TaskId VQA = new TaskId("vqa");
    public static final TaskId RETRIEVAL = new TaskId("retrieval");
    public static final TaskId TEXT_TO_IMAGE = new TaskId("text-to-image");
    /** The vector of {@code input.text} from an expert's encoder; output {@link io.thalamus.api.embedding.EmbeddingOutput}. */
    public static final TaskId EMBEDDING = new TaskId("embedding");

    public TaskId {
        Objects.requireNonNull(value, "task id");
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "task id '" + value + "' must be lower-case letters, digits and '-', starting with a letter, at most 64 characters");
        }
    }

    @JsonCreator
    public static TaskId of(String value) {
        return new TaskId(value);
    }

    public static boolean isValid(String value) {
        return value != null && FORMAT.matcher(value).matches();
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public int compareTo(TaskId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
