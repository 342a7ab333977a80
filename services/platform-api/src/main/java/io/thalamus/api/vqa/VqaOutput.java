package io.thalamus.api.vqa;

/** The output of the {@code vqa} task: the answer to the question about the image. */
public record VqaOutput(String answer) {
}
