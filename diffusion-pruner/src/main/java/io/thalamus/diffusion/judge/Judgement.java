package io.thalamus.diffusion.judge;

import io.thalamus.diffusion.data.BitmapFont;
import io.thalamus.diffusion.data.Layout;
import io.thalamus.diffusion.data.PlacedShape;
import io.thalamus.diffusion.data.ShapeLayout;
import io.thalamus.diffusion.data.TextLayout;
import io.thalamus.scenes.SceneColour;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the judge sees in one image.
 *
 * @param showsCharacters whether the image shows characters (a text layout) rather than shapes
 * @param cells           the content of each of the nine grid cells, row by row; empty when nothing is there
 * @param characterSlots  the first and second character; the second is empty for one-character texts
 * @param textColour      the colour of the characters (meaningful only when the image shows characters)
 * @param features        the judge's feature vector of the image, for Fréchet distances (empty when made by hand)
 */
public record Judgement(boolean showsCharacters, List<Optional<SeenShape>> cells,
                        List<Optional<Character>> characterSlots, SceneColour textColour, float[] features) {

    public static final int SLOTS = TextLayout.MAX_CHARACTERS;

    public Judgement {
        cells = List.copyOf(cells);
        characterSlots = List.copyOf(characterSlots);
        Objects.requireNonNull(textColour, "textColour");
        features = features.clone();
        if (cells.size() != PlacedShape.CELLS) {
            throw new IllegalArgumentException("a judgement has " + PlacedShape.CELLS + " cells, not " + cells.size());
        }
        if (characterSlots.size() != SLOTS) {
            throw new IllegalArgumentException("a judgement has " + SLOTS + " character slots");
        }
    }

    /** The judgement of a perfect image of the layout: what the judge should see in a correct rendering. */
    public static Judgement of(Layout layout) {
        List<Optional<SeenShape>> cells = new ArrayList<>(PlacedShape.CELLS);
        for (int cell = 0; cell < PlacedShape.CELLS; cell++) {
            cells.add(Optional.empty());
        }
        List<Optional<Character>> slots = new ArrayList<>(List.of(Optional.empty(), Optional.empty()));
        if (layout instanceof ShapeLayout shapes) {
            for (PlacedShape shape : shapes.shapes()) {
                cells.set(shape.cell(), Optional.of(SeenShape.of(shape)));
            }
            return new Judgement(false, cells, slots, SceneColour.values()[0], new float[0]);
        }
        TextLayout text = (TextLayout) layout;
        for (int i = 0; i < text.text().length(); i++) {
            slots.set(i, Optional.of(text.text().charAt(i)));
        }
        return new Judgement(true, cells, slots, text.colour(), new float[0]);
    }

    /** The characters seen, in order (empty slots left out). */
    public String text() {
        StringBuilder text = new StringBuilder();
        characterSlots.forEach(slot -> slot.ifPresent(text::append));
        return text.toString();
    }

    public Judgement withCell(int cell, Optional<SeenShape> content) {
        List<Optional<SeenShape>> changed = new ArrayList<>(cells);
        changed.set(cell, content);
        return new Judgement(showsCharacters, changed, characterSlots, textColour, features);
    }

    public Judgement withCharacterSlot(int slot, Optional<Character> character) {
        List<Optional<Character>> changed = new ArrayList<>(characterSlots);
        changed.set(slot, character);
        return new Judgement(showsCharacters, cells, changed, textColour, features);
    }

    public Judgement withTextColour(SceneColour colour) {
        return new Judgement(showsCharacters, cells, characterSlots, colour, features);
    }

    public Judgement withShowsCharacters(boolean characters) {
        return new Judgement(characters, cells, characterSlots, textColour, features);
    }

    /** Class of a character slot: 0 is no character, then the font's alphabet in order. */
    static int slotClass(Optional<Character> slot) {
        return slot.map(c -> 1 + BitmapFont.ALPHABET.indexOf(c)).orElse(0);
    }

    static Optional<Character> slotOfClass(int classIndex) {
        return classIndex == 0 ? Optional.empty() : Optional.of(BitmapFont.ALPHABET.charAt(classIndex - 1));
    }

    @Override
    public float[] features() {
        return features.clone();
    }
}
