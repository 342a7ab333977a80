package io.thalamus.diffusion.data;

import java.util.Locale;

/** Kinds of prompts, from the easiest to draw to the hardest (rendered characters). */
public enum PromptKind {
    ONE_SHAPE,
    TWO_SHAPES,
    THREE_SHAPES,
    FOUR_SHAPES,
    CHARACTERS;

    public static PromptKind ofShapeCount(int count) {
        return switch (count) {
            case 1 -> ONE_SHAPE;
            case 2 -> TWO_SHAPES;
            case 3 -> THREE_SHAPES;
            case 4 -> FOUR_SHAPES;
            default -> throw new IllegalArgumentException("layouts hold one to four shapes, not " + count);
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
