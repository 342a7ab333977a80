package io.thalamus.scenes;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Asks questions about scenes in natural language and answers them from the ground truth. Each kind has several
 * phrasings; {@code {c}} stands for the colour of the object the question is about.
 */
public final class QuestionGenerator {

    private static final Map<QuestionKind, List<String>> TEMPLATES = new EnumMap<>(Map.of(
            QuestionKind.SHAPE, List.of(
                    "What is the shape of the {c} object?",
                    "What shape is the {c} object?",
                    "Is the {c} object a square or a circle?",
                    "Tell me the shape of the {c} thing.",
                    "Which shape does the {c} object have?",
                    "Is the {c} one round or square?"),
            QuestionKind.HORIZONTAL, List.of(
                    "Is the {c} object on the left or on the right?",
                    "On which side of the image is the {c} object, left or right?",
                    "Is the {c} shape in the left half or the right half of the picture?",
                    "Left or right: where is the {c} object?",
                    "Which side is the {c} thing on?",
                    "Is the {c} object located on the left side or the right side?"),
            QuestionKind.VERTICAL, List.of(
                    "Is the {c} object at the top or at the bottom?",
                    "Is the {c} shape in the upper or the lower half of the image?",
                    "Top or bottom: where is the {c} object?",
                    "Is the {c} thing near the top or near the bottom of the picture?",
                    "Is the {c} object in the top half or the bottom half?",
                    "Is the {c} one up or down in the image?"),
            QuestionKind.CLOSEST_SHAPE, List.of(
                    "What is the shape of the object closest to the {c} object?",
                    "What shape is the object nearest to the {c} one?",
                    "Which shape is closest to the {c} object?",
                    "The object nearest the {c} shape: is it a square or a circle?",
                    "What is the shape of the {c} object's nearest neighbour?",
                    "Is the object closest to the {c} thing a circle or a square?"),
            QuestionKind.FURTHEST_SHAPE, List.of(
                    "What is the shape of the object furthest from the {c} object?",
                    "What shape is the object farthest away from the {c} one?",
                    "Which shape is the most distant from the {c} object?",
                    "The object furthest from the {c} shape: is it a square or a circle?",
                    "What is the shape of the object that is farthest from the {c} thing?",
                    "Is the object furthest away from the {c} object a circle or a square?"),
            QuestionKind.SAME_SHAPE_COUNT, List.of(
                    "How many other objects have the same shape as the {c} object?",
                    "How many of the other objects share the shape of the {c} one?",
                    "Besides the {c} object, how many objects have its shape?",
                    "Count the other objects shaped like the {c} object.",
                    "Apart from the {c} object, how many objects are the same shape?",
                    "How many other shapes are of the same kind as the {c} object?")));

    private final SceneSpec spec;
    private final Phrasings phrasings;

    public QuestionGenerator(SceneSpec spec, Phrasings phrasings) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.phrasings = Objects.requireNonNull(phrasings, "phrasings");
    }

    /**
     * Every possible answer, in a fixed order: the shapes, left, right, top, bottom, then the counts from 0 to
     * {@code objectCount - 1}.
     */
    public List<String> answers() {
        List<String> answers = new ArrayList<>();
        spec.shapes().forEach(shape -> answers.add(shape.word()));
        answers.addAll(List.of("left", "right", "top", "bottom"));
        for (int count = 0; count < spec.objectCount(); count++) {
            answers.add(Integer.toString(count));
        }
        return answers;
    }

    /** The phrasings this generator uses for a kind, with {@code {c}} for the colour. */
    public List<String> templates(QuestionKind kind) {
        List<String> all = TEMPLATES.get(kind);
        return switch (phrasings) {
            case ALL -> all;
            case TRAINING -> all.subList(0, all.size() - 1);
            case HELD_OUT -> all.subList(all.size() - 1, all.size());
        };
    }

    /** Every question text this generator can ask, e.g. to embed them all once. */
    public List<String> allTexts() {
        List<String> texts = new ArrayList<>();
        for (QuestionKind kind : QuestionKind.values()) {
            for (SceneColour colour : spec.colours()) {
                for (String template : templates(kind)) {
                    texts.add(phrase(template, colour));
                }
            }
        }
        return texts;
    }

    /** A question of that kind about a random object of the scene, in a random phrasing. */
    public Question ask(Scene scene, QuestionKind kind, Random random) {
        SceneObject subject = scene.objects().get(random.nextInt(scene.objects().size()));
        List<String> templates = templates(kind);
        String text = phrase(templates.get(random.nextInt(templates.size())), subject.colour());
        return new Question(kind, subject.colour(), text, answer(scene, kind, subject.colour()));
    }

    /** {@code perKind} questions of every kind about the scene, kinds in declaration order. */
    public List<Question> askAll(Scene scene, int perKind, Random random) {
        List<Question> questions = new ArrayList<>(perKind * QuestionKind.values().length);
        for (QuestionKind kind : QuestionKind.values()) {
            for (int i = 0; i < perKind; i++) {
                questions.add(ask(scene, kind, random));
            }
        }
        return questions;
    }

    /** The true answer to a question of that kind about the object of that colour. */
    public static String answer(Scene scene, QuestionKind kind, SceneColour colour) {
        SceneObject subject = scene.require(colour);
        return switch (kind) {
            case SHAPE -> subject.shape().word();
            case HORIZONTAL -> scene.isLeft(subject) ? "left" : "right";
            case VERTICAL -> scene.isTop(subject) ? "top" : "bottom";
            case CLOSEST_SHAPE -> scene.closestTo(subject).shape().word();
            case FURTHEST_SHAPE -> scene.furthestFrom(subject).shape().word();
            case SAME_SHAPE_COUNT -> Integer.toString(scene.othersWithSameShape(subject));
        };
    }

    private static String phrase(String template, SceneColour colour) {
        return template.replace("{c}", colour.word());
    }
}
