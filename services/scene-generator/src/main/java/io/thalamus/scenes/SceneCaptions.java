package io.thalamus.scenes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Describes scenes in words: every object with its colour, shape and region of the image (a 3×3 grid: "top
 * left", "centre", ...). Several templates, so that text-to-image models see varied prompts for the same kind of
 * scene; every caption names every object.
 */
public final class SceneCaptions {

    private static final List<String> TEMPLATES = List.of(
            "{n} shapes on a white background: {list}.",
            "A picture of {list}.",
            "{List}, on white.",
            "An image with {squares} and {circles}: {list}.",
            "Coloured shapes on a white canvas: {list}.");

    /** Every caption of the scene, one per template. */
    public List<String> captions(Scene scene) {
        List<String> captions = new ArrayList<>(TEMPLATES.size());
        for (String template : TEMPLATES) {
            captions.add(fill(template, scene));
        }
        return captions;
    }

    /** One caption in a random template. */
    public String caption(Scene scene, Random random) {
        return fill(TEMPLATES.get(random.nextInt(TEMPLATES.size())), scene);
    }

    /** "a red circle in the top left": one object in words. */
    public static String describe(Scene scene, SceneObject object) {
        return "a " + object.colour().word() + " " + object.shape().word() + " " + placement(scene, object);
    }

    /** The object's cell of a 3×3 grid over the image, in words ("in the top left", "in the centre"). */
    public static String placement(Scene scene, SceneObject object) {
        String row = third(object.centreY(), scene.height(), "top", "", "bottom");
        String column = third(object.centreX(), scene.width(), "left", "", "right");
        if (row.isEmpty() && column.isEmpty()) {
            return "in the centre";
        }
        if (column.isEmpty()) {
            return "at the " + row;
        }
        if (row.isEmpty()) {
            return "on the " + column;
        }
        return "in the " + row + " " + column;
    }

    private static String fill(String template, Scene scene) {
        // reading order: top to bottom, then left to right
        List<SceneObject> ordered = new ArrayList<>(scene.objects());
        ordered.sort(Comparator.comparingInt((SceneObject o) -> o.centreY() * 3 / scene.height())
                .thenComparingInt(SceneObject::centreX));
        List<String> parts = new ArrayList<>();
        for (SceneObject object : ordered) {
            parts.add(describe(scene, object));
        }
        String list = join(parts);
        long squares = scene.objects().stream().filter(o -> o.shape() == ObjectShape.SQUARE).count();
        long circles = scene.objects().size() - squares;
        return template
                .replace("{n}", words(scene.objects().size(), true))
                .replace("{List}", Character.toUpperCase(list.charAt(0)) + list.substring(1))
                .replace("{list}", list)
                .replace("{squares}", words(squares, false) + " " + (squares == 1 ? "square" : "squares"))
                .replace("{circles}", words(circles, false) + " " + (circles == 1 ? "circle" : "circles"));
    }

    private static String join(List<String> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    private static String third(int value, int extent, String low, String middle, String high) {
        int cell = Math.min(2, value * 3 / extent);
        return cell == 0 ? low : cell == 1 ? middle : high;
    }

    private static String words(long count, boolean capital) {
        String[] names = {"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"};
        String word = count < names.length ? names[(int) count] : Long.toString(count);
        return capital ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word;
    }
}
