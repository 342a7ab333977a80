package io.thalamus.scenes;

import java.util.Locale;

/**
 * The six question kinds of Sort-of-CLEVR: three non-relational ones about one object, three relational ones
 * about how it relates to the others.
 */
public enum QuestionKind {
    /** The shape of the object of a colour. */
    SHAPE(false),
    /** Whether the object of a colour is in the left or the right half. */
    HORIZONTAL(false),
    /** Whether the object of a colour is in the top or the bottom half. */
    VERTICAL(false),
    /** The shape of the object closest to the object of a colour. */
    CLOSEST_SHAPE(true),
    /** The shape of the object furthest from the object of a colour. */
    FURTHEST_SHAPE(true),
    /** How many other objects have the shape of the object of a colour. */
    SAME_SHAPE_COUNT(true);

    private final boolean relational;

    QuestionKind(boolean relational) {
        this.relational = relational;
    }

    public boolean relational() {
        return relational;
    }

    /** Lower-case id with dashes, as in metrics ("closest-shape"). */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
