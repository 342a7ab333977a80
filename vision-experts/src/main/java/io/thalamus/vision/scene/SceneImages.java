package io.thalamus.vision.scene;

import io.thalamus.api.task.ImageInput;
import io.thalamus.model.image.ImageDecoder;
import io.thalamus.scenes.SceneRenderer;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Turns a request's image into the model's input: checked and decoded upright by the shared {@link ImageDecoder}
 * (problem+json for corrupt, unsupported or oversized images), scaled to the model's square size, as RGB planes in
 * [0, 1].
 */
public final class SceneImages {

    private final ImageDecoder decoder;

    public SceneImages(ImageDecoder decoder) {
        this.decoder = decoder;
    }

    public float[] pixels(ImageInput image, int size) {
        return planes(decoder.decode(image).image(), size);
    }

    /** The model's input of a decoded image: scaled to {@code size}×{@code size}, as RGB planes. */
    public static float[] planes(BufferedImage image, int size) {
        return SceneRenderer.rgbPlanes(scale(image, size));
    }

    private static BufferedImage scale(BufferedImage image, int size) {
        if (image.getWidth() == size && image.getHeight() == size) {
            return image;
        }
        BufferedImage scaled = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = scaled.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.setColor(Color.WHITE);
            graphics.fillRect(0, 0, size, size);
            graphics.drawImage(image, 0, 0, size, size, null);
        } finally {
            graphics.dispose();
        }
        return scaled;
    }
}
