package io.thalamus.diffusion.data;

import java.util.Objects;

/** A text-to-image prompt and the layout it describes. */
public record PromptedImage(String prompt, Layout layout) {

    public PromptedImage {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(layout, "layout");
    }
}
