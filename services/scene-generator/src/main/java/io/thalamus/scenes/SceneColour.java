package io.thalamus.scenes;

import java.awt.Color;
import java.util.Locale;

/** The colours of Sort-of-CLEVR objects (Santoro et al., 2017); in a scene each colour is used at most once. */
public enum SceneColour {
    RED(255, 0, 0),
    GREEN(0, 255, 0),
    BLUE(0, 0, 255),
    ORANGE(255, 156, 0),
    YELLOW(255, 255, 0),
    GRAY(128, 128, 128);

    private final Color rgb;

    SceneColour(int red, int green, int blue) {
        this.rgb = new Color(red, green, blue);
    }

    public Color rgb() {
        return rgb;
    }

    /** The colour's name as written in questions and captions ("red"). */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
