package io.thalamus.model.image;

import java.awt.image.BufferedImage;

/** An image decoded to upright RGB pixels ({@link BufferedImage#TYPE_INT_RGB}), with the header it came from. */
public record DecodedImage(BufferedImage image, ImageHeader header) {

    public int width() {
        return image.getWidth();
    }

    public int height() {
        return image.getHeight();
    }
}
