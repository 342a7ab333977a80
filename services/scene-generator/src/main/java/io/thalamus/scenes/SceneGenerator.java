package io.thalamus.scenes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Draws random scenes: {@code objectCount} objects of distinct colours, random shapes, centres placed uniformly at
 * random inside the image at least {@code minDistance} apart. Scenes in which some object has two others at
 * exactly the same smallest or largest distance are drawn again, so that "closest" and "furthest" always have
 * one answer. Deterministic: the same seed and index give the same scene on every machine.
 */
public final class SceneGenerator {

    private static final int MAX_PLACEMENT_TRIES = 10_000;

    private final SceneSpec spec;

    public SceneGenerator(SceneSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    public SceneSpec spec() {
        return spec;
    }

    /** Scene number {@code index} of the series {@code seed}; independent of which other scenes were drawn. */
    public Scene scene(long seed, long index) {
        return generate(random(seed, index));
    }

    /** A random source derived from a seed and an index (for questions or captions that belong to one scene). */
    public static Random random(long seed, long index) {
        return new Random(mix(mix(seed) ^ index));
    }

    public Scene generate(Random random) {
        for (int attempt = 0; ; attempt++) {
            Scene scene = place(random);
            if (scene != null && unambiguous(scene)) {
                return scene;
            }
            if (attempt > MAX_PLACEMENT_TRIES) {
                throw new IllegalStateException("cannot place " + spec.objectCount() + " objects in "
                        + spec.imageSize() + " pixels");
            }
        }
    }

    private Scene place(Random random) {
        List<SceneColour> colours = new ArrayList<>(spec.colours());
        Collections.shuffle(colours, random);
        int size = spec.objectSize();
        int low = size + 1;
        int span = spec.imageSize() - 2 * size - 2;
        double minSquared = spec.minDistance() * spec.minDistance();
        List<SceneObject> objects = new ArrayList<>(spec.objectCount());
        for (int i = 0; i < spec.objectCount(); i++) {
            ObjectShape shape = spec.shapes().get(random.nextInt(spec.shapes().size()));
            SceneObject placed = null;
            for (int tries = 0; tries < 200 && placed == null; tries++) {
                SceneObject candidate = new SceneObject(colours.get(i), shape, low + random.nextInt(span),
                        low + random.nextInt(span), size);
                boolean free = true;
                for (SceneObject other : objects) {
                    if (candidate.squaredDistanceTo(other) < minSquared) {
                        free = false;
                        break;
                    }
                }
                if (free) {
                    placed = candidate;
                }
            }
            if (placed == null) {
                return null;
            }
            objects.add(placed);
        }
        return new Scene(spec.imageSize(), spec.imageSize(), objects);
    }

    private static boolean unambiguous(Scene scene) {
        for (SceneObject object : scene.objects()) {
            long nearest = Long.MAX_VALUE;
            long farthest = -1;
            int nearestCount = 0;
            int farthestCount = 0;
            for (SceneObject other : scene.objects()) {
                if (other == object) {
                    continue;
                }
                long d = object.squaredDistanceTo(other);
                if (d < nearest) {
                    nearest = d;
                    nearestCount = 1;
                } else if (d == nearest) {
                    nearestCount++;
                }
                if (d > farthest) {
                    farthest = d;
                    farthestCount = 1;
                } else if (d == farthest) {
                    farthestCount++;
                }
            }
            if (nearestCount > 1 || farthestCount > 1) {
                return false;
            }
        }
        return true;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
