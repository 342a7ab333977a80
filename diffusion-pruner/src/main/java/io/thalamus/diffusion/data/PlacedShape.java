package io.thalamus.diffusion.data;

import io.thalamus.scenes.ObjectShape;
import io.thalamus.scenes.SceneColour;

import java.util.Objects;

/**
 * One shape of a layout.
 *
 * @param cell the cell of the 3×3 grid over the image it sits in, 0 (top left) to 8 (bottom right), row by row
 */
public record PlacedShape(int cell, SceneColour colour, ObjectShape shape, ShapeSize size) {

    public static final int CELLS = 9;

    public PlacedShape {
        Objects.requireNonNull(colour, "colour");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(size, "size");
        if (cell < 0 || cell >= CELLS) {
            throw new IllegalArgumentException("cell must be between 0 and 8, not " + cell);
        }
    }

    public int row() {
        return cell / 3;
    }

    public int column() {
        return cell % 3;
    }
}
