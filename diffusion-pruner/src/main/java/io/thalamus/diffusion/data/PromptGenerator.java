package io.thalamus.diffusion.data;

import io.thalamus.scenes.ObjectShape;
import io.thalamus.scenes.SceneColour;
import io.thalamus.scenes.SceneGenerator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Draws random layouts and writes a prompt for each: one to four shapes (a quarter of the layouts are one or two
 * characters instead), in varied templates and with synonyms, so that the model learns from paraphrases. Every
 * prompt states everything the image must show: each shape's size, colour, kind and grid cell, or the characters
 * and their colour. Deterministic: the same seed and index give the same prompt on every machine.
 *
 * <p>Characters are written spaced inside quotes ("A B"): the frozen sentence encoder's tokenizer then gives each
 * character its own token.
 */
public final class PromptGenerator {

    private static final double TEXT_SHARE = 0.25;

    private static final List<String> SHAPE_TEMPLATES = List.of(
            "{List}.",
            "A picture of {list}.",
            "{n} on a white background: {list}.",
            "Draw {list}.",
            "An image showing {list}, on white.",
            "A white canvas with {list}.");

    private static final List<String> TEXT_TEMPLATES = List.of(
            "The letters \"{text}\" in {colour}.",
            "A sign that says \"{text}\", written in {colour}.",
            "{Colour} text reading \"{text}\".",
            "The word \"{text}\" in {colour} capital letters.",
            "Write \"{text}\" in {colour} on a white background.");

    private static final String[][] PLACEMENTS = {
            {"in the top left", "in the upper left corner", "at the top left"},
            {"at the top", "at the top centre", "in the top middle"},
            {"in the top right", "in the upper right corner", "at the top right"},
            {"on the left", "at the left edge", "in the middle left"},
            {"in the centre", "in the middle", "at the centre"},
            {"on the right", "at the right edge", "in the middle right"},
            {"in the bottom left", "in the lower left corner", "at the bottom left"},
            {"at the bottom", "at the bottom centre", "in the bottom middle"},
            {"in the bottom right", "in the lower right corner", "at the bottom right"}};

    private static final String[] NUMBERS = {"", "one shape", "two shapes", "three shapes", "four shapes"};

    public PromptedImage prompted(long seed, long index) {
        return prompted(SceneGenerator.random(seed, index));
    }

    public PromptedImage prompted(Random random) {
        Layout layout = random.nextDouble() < TEXT_SHARE ? textLayout(random) : shapeLayout(random);
        return new PromptedImage(prompt(layout, random), layout);
    }

    public String prompt(Layout layout, Random random) {
        if (layout instanceof TextLayout text) {
            String colour = text.colour().word();
            return pick(TEXT_TEMPLATES, random)
                    .replace("{text}", String.join(" ", text.text().split("")))
                    .replace("{Colour}", capitalise(colour))
                    .replace("{colour}", colour);
        }
        ShapeLayout shapes = (ShapeLayout) layout;
        List<PlacedShape> ordered = new ArrayList<>(shapes.shapes());
        ordered.sort(Comparator.comparingInt(PlacedShape::cell));
        List<String> parts = new ArrayList<>();
        for (PlacedShape shape : ordered) {
            parts.add(describe(shape, random));
        }
        String list = join(parts);
        return pick(SHAPE_TEMPLATES, random)
                .replace("{List}", capitalise(list))
                .replace("{list}", list)
                .replace("{n}", capitalise(NUMBERS[ordered.size()]));
    }

    private static String describe(PlacedShape shape, Random random) {
        String size = shape.size() == ShapeSize.SMALL
                ? pick(List.of("small", "little", "tiny"), random)
                : pick(List.of("large", "big"), random);
        String kind = shape.shape() == ObjectShape.CIRCLE
                ? pick(List.of("circle", "disc"), random)
                : pick(List.of("square", "box"), random);
        String colour = shape.colour() == SceneColour.GRAY && random.nextBoolean() ? "grey" : shape.colour().word();
        String placement = PLACEMENTS[shape.cell()][random.nextInt(PLACEMENTS[shape.cell()].length)];
        return "a " + size + " " + colour + " " + kind + " " + placement;
    }

    private static ShapeLayout shapeLayout(Random random) {
        int count = 1 + random.nextInt(4);
        List<Integer> cells = shuffled(PlacedShape.CELLS, random);
        List<SceneColour> colours = new ArrayList<>(List.of(SceneColour.values()));
        Collections.shuffle(colours, random);
        List<PlacedShape> shapes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ObjectShape kind = ObjectShape.values()[random.nextInt(ObjectShape.values().length)];
            ShapeSize size = ShapeSize.values()[random.nextInt(ShapeSize.values().length)];
            shapes.add(new PlacedShape(cells.get(i), colours.get(i), kind, size));
        }
        return new ShapeLayout(shapes);
    }

    private static TextLayout textLayout(Random random) {
        int length = 1 + random.nextInt(TextLayout.MAX_CHARACTERS);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(BitmapFont.ALPHABET.charAt(random.nextInt(BitmapFont.ALPHABET.length())));
        }
        SceneColour colour = SceneColour.values()[random.nextInt(SceneColour.values().length)];
        return new TextLayout(text.toString(), colour);
    }

    private static List<Integer> shuffled(int count, Random random) {
        List<Integer> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(i);
        }
        Collections.shuffle(values, random);
        return values;
    }

    private static String pick(List<String> options, Random random) {
        return options.get(random.nextInt(options.size()));
    }

    private static String join(List<String> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    private static String capitalise(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
