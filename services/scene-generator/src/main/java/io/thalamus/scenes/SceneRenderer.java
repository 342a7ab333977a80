package io.thalamus.scenes;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Draws scenes with java.awt: objects on a white background, without anti-aliasing, so that every pixel is
 * either background or exactly an object's colour and images are identical on every machine.
 */
public final class SceneRenderer {

    private static final Color BACKGROUND = Color.WHITE;

    public BufferedImage render(Scene scene) {
        BufferedImage image = new BufferedImage(scene.width(), scene.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
            graphics.setColor(BACKGROUND);
            graphics.fillRect(0, 0, scene.width(), scene.height());
            for (SceneObject object : scene.objects()) {
                graphics.setColor(object.colour().rgb());
                int size = object.size();
                int left = object.centreX() - size;
                int top = object.centreY() - size;
                switch (object.shape()) {
                    case SQUARE -> graphics.fillRect(left, top, 2 * size, 2 * size);
                    case CIRCLE -> graphics.fillOval(left, top, 2 * size, 2 * size);
                }
            }
        } finally {
            graphics.dispose();
        }
        return image;
    }

    /** The scene as a PNG file. */
    public byte[] png(Scene scene) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(render(scene), "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a PNG in memory", e);
        }
        return bytes.toByteArray();
    }

    /**
     * The image's red, green and blue planes one after the other (channel, row, column), each value in [0, 1]:
     * the layout convolutional networks take.
     */
    public static float[] rgbPlanes(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int plane = width * height;
        int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
        float[] planes = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            int pixel = argb[i];
            planes[i] = ((pixel >> 16) & 0xff) / 255f;
            planes[plane + i] = ((pixel >> 8) & 0xff) / 255f;
            planes[2 * plane + i] = (pixel & 0xff) / 255f;
        }
        return planes;
    }
}
