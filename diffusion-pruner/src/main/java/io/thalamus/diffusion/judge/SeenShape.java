package io.thalamus.diffusion.judge;

import io.thalamus.diffusion.data.PlacedShape;
import io.thalamus.diffusion.data.ShapeSize;
import io.thalamus.scenes.ObjectShape;
import io.thalamus.scenes.SceneColour;

import java.util.Objects;
import java.util.Optional;

/**
 * What fills one grid cell: a shape of one colour, kind and size. The judge tells {@value #CLASSES} cell classes
 * apart: 0 is an empty cell, then every colour × kind × size.
 */
public record SeenShape(SceneColour colour, ObjectShape shape, ShapeSize size) {

    public static final int CLASSES = 1 + 6 * 2 * 2;
    public static final int EMPTY = 0;

    public SeenShape {
        Objects.requireNonNull(colour, "colour");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(size, "size");
    }

    public static SeenShape of(PlacedShape shape) {
        return new SeenShape(shape.colour(), shape.shape(), shape.size());
    }

    /** The cell class of this shape, 1 to 24. */
    public int classIndex() {
        int kinds = ObjectShape.values().length;
        int sizes = ShapeSize.values().length;
        return 1 + (colour.ordinal() * kinds + shape.ordinal()) * sizes + size.ordinal();
    }

    /** The shape a cell class stands for; empty for class 0. */
    public static Optional<SeenShape> ofClass(int classIndex) {
        if (classIndex < 0 || classIndex >= CLASSES) {
            throw new IllegalArgumentException("cell classes are 0 to " + (CLASSES - 1) + ", not " + classIndex);
        }
        if (classIndex == EMPTY) {
            return Optional.empty();
        }
        int kinds = ObjectShape.values().length;
        int sizes = ShapeSize.values().length;
        int rest = classIndex - 1;
        ShapeSize size = ShapeSize.values()[rest % sizes];
        rest /= sizes;
        ObjectShape shape = ObjectShape.values()[rest % kinds];
        SceneColour colour = SceneColour.values()[rest / kinds];
        return Optional.of(new SeenShape(colour, shape, size));
    }

    /** Whether this is what a layout's shape asks for: same colour, kind and size (the cell is checked apart). */
    public boolean matches(PlacedShape wanted) {
        return colour == wanted.colour() && shape == wanted.shape() && size == wanted.size();
    }
}
