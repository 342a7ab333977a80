package io.thalamus.scenes;

import java.util.Objects;

/**
 * One object of a scene.
 *
 * @param centreX pixel column of the centre
 * @param centreY pixel row of the centre (0 at the top)
 * @param size    half the side of a square, the radius of a circle, in pixels
 */
public record SceneObject(SceneColour colour, ObjectShape shape, int centreX, int centreY, int size) {

    public SceneObject {
        Objects.requireNonNull(colour, "colour");
        Objects.requireNonNull(shape, "shape");
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1 pixel");
        }
    }

    public long squaredDistanceTo(SceneObject other) {
        long dx = centreX - other.centreX;
        long dy = centreY - other.centreY;
        return dx * dx + dy * dy;
    }
}
