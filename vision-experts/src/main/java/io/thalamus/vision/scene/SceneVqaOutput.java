package io.thalamus.vision.scene;

import java.util.List;

/**
 * The scene expert's {@code vqa} output: the answer (as in {@code VqaOutput}), the model's probability for it and
 * the most probable answers.
 */
public record SceneVqaOutput(String answer, double confidence, List<Candidate> distribution) {

    /** One possible answer and its probability. */
    public record Candidate(String answer, double probability) {
    }
}
