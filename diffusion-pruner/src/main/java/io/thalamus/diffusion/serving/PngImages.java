package io.thalamus.diffusion.serving;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Sampler output (planes [B, 3, S, S], values in [0, 1]) as PNG files, optionally enlarged by nearest neighbour. */
final class PngImages {

    private PngImages() {
    }

    static byte[] png(float[] planes, int index, int size, int upscale) {
        int plane = size * size;
        int offset = index * 3 * plane;
        int side = size * upscale;
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int pixel = (y / upscale) * size + x / upscale;
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    float v = planes[offset + c * plane + pixel];
                    rgb = (rgb << 8) | Math.max(0, Math.min(255, Math.round(v * 255)));
                }
                image.setRGB(x, y, rgb);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a PNG", e);
        }
        return bytes.toByteArray();
    }
}
