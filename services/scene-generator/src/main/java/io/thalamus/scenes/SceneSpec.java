package io.thalamus.scenes;

import java.util.List;
import java.util.Objects;

/**
 * What scenes look like.
 *
 * @param imageSize   width and height of the square image in pixels
 * @param objectCount objects per scene, each of a different colour (at most the number of colours)
 * @param objectSize  half the side of a square, the radius of a circle
 * @param minDistance smallest distance between two objects' centres, in pixels (at least
 *                    {@code 2·√2·objectSize}, so that no two objects overlap)
 * @param colours     the colours objects are drawn from
 * @param shapes      the shapes objects are drawn from
 */
public record SceneSpec(int imageSize, int objectCount, int objectSize, double minDistance,
                        List<SceneColour> colours, List<ObjectShape> shapes) {

    public SceneSpec {
        colours = List.copyOf(Objects.requireNonNull(colours, "colours"));
        shapes = List.copyOf(Objects.requireNonNull(shapes, "shapes"));
        if (objectCount < 2 || objectCount > colours.size()) {
            throw new IllegalArgumentException("objectCount must be between 2 and the number of colours ("
                    + colours.size() + ")");
        }
        if (shapes.isEmpty() || objectSize < 1) {
            throw new IllegalArgumentException("shapes must not be empty and objectSize must be at least 1");
        }
        if (minDistance < 2 * Math.sqrt(2) * objectSize) {
            throw new IllegalArgumentException("minDistance must be at least 2·√2·objectSize = "
                    + 2 * Math.sqrt(2) * objectSize + " so that objects never overlap");
        }
        double free = imageSize - 2.0 * objectSize - 2;
        if (free <= 0 || objectCount * minDistance * minDistance > 0.6 * free * free) {
            throw new IllegalArgumentException("objectCount objects at minDistance do not fit reliably in "
                    + imageSize + "×" + imageSize + " pixels");
        }
    }

    /** The protocol of the Relation Networks paper: 75×75 pixels, six objects of radius 5, six colours, two shapes. */
    public static SceneSpec sortOfClevr() {
        return new SceneSpec(75, 6, 5, 15, List.of(SceneColour.values()), List.of(ObjectShape.values()));
    }

    public SceneSpec withImageSize(int size, int newObjectSize, double newMinDistance) {
        return new SceneSpec(size, objectCount, newObjectSize, newMinDistance, colours, shapes);
    }

    public SceneSpec withObjectCount(int count) {
        return new SceneSpec(imageSize, count, objectSize, minDistance, colours, shapes);
    }
}
