package io.thalamus.scenes;

/**
 * A question about a scene with its answer.
 *
 * @param subject the colour of the object the question is about
 * @param text    the question in natural language
 * @param answer  one of {@link QuestionGenerator#answers()}
 */
public record Question(QuestionKind kind, SceneColour subject, String text, String answer) {
}
