package io.thalamus.scenes;

import java.util.Locale;

/** The shape of a scene object. */
public enum ObjectShape {
    SQUARE,
    CIRCLE;

    /** The shape's name as written in questions, answers and captions ("square"). */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String plural() {
        return word() + "s";
    }
}
