package io.thalamus.scenes;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A generated scene with its full ground truth: every object's colour, shape, position and size. */
public record Scene(int width, int height, List<SceneObject> objects) {

    public Scene {
        objects = List.copyOf(objects);
    }

    public Optional<SceneObject> object(SceneColour colour) {
        return objects.stream().filter(o -> o.colour() == colour).findFirst();
    }

    /** The object of that colour; the scene must have one. */
    public SceneObject require(SceneColour colour) {
        return object(colour).orElseThrow(() -> new IllegalArgumentException("the scene has no " + colour.word()
                + " object"));
    }

    public boolean isLeft(SceneObject object) {
        return object.centreX() < width / 2.0;
    }

    public boolean isTop(SceneObject object) {
        return object.centreY() < height / 2.0;
    }

    /** The other object nearest to this one (centre to centre). */
    public SceneObject closestTo(SceneObject object) {
        return others(object).min(Comparator.comparingLong(object::squaredDistanceTo)).orElseThrow();
    }

    /** The other object furthest from this one (centre to centre). */
    public SceneObject furthestFrom(SceneObject object) {
        return others(object).max(Comparator.comparingLong(object::squaredDistanceTo)).orElseThrow();
    }

    /** How many other objects have this object's shape. */
    public int othersWithSameShape(SceneObject object) {
        return (int) others(object).filter(o -> o.shape() == object.shape()).count();
    }

    private java.util.stream.Stream<SceneObject> others(SceneObject object) {
        return objects.stream().filter(o -> o != object);
    }
}
