package io.thalamus.diffusion.data;

import io.thalamus.scenes.SceneColour;

import java.util.Objects;

/** One or two characters of the {@link BitmapFont}, drawn large in one colour in the middle of the image. */
public record TextLayout(String text, SceneColour colour) implements Layout {

    public static final int MAX_CHARACTERS = 2;

    public TextLayout {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(colour, "colour");
        if (text.isEmpty() || text.length() > MAX_CHARACTERS) {
            throw new IllegalArgumentException("a text layout holds one or two characters, not '" + text + "'");
        }
        for (char c : text.toCharArray()) {
            if (BitmapFont.ALPHABET.indexOf(c) < 0) {
                throw new IllegalArgumentException("'" + c + "' is not in the alphabet " + BitmapFont.ALPHABET);
            }
        }
    }

    @Override
    public PromptKind kind() {
        return PromptKind.CHARACTERS;
    }
}
