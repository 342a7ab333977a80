package io.thalamus.vision.ocr;

import java.awt.image.BufferedImage;

/**
 * Cuts a text region out of an image as an upright line image: the quad's top edge becomes the top row, so slanted
 * text is straightened (bilinear sampling along the quad's edges). Regions much taller than wide are taken as
 * vertical text and turned a quarter anticlockwise.
 */
final class LineCropper {

    private LineCropper() {
    }

    /** Crops from an image given as its packed RGB pixels (read once for all its regions). */
    static BufferedImage crop(int[] source, int imageW, int imageH, Quad quad) {
        int width = Math.max(1, (int) Math.round(quad.width()));
        int height = Math.max(1, (int) Math.round(quad.height()));
        int[] target = new int[width * height];
        // the quad is a parallelogram: x = p0 + a·(p1 − p0) + b·(p3 − p0)
        double ex = quad.x1() - quad.x0();
        double ey = quad.y1() - quad.y0();
        double fx = quad.x3() - quad.x0();
        double fy = quad.y3() - quad.y0();
        for (int row = 0; row < height; row++) {
            double b = (row + 0.5) / height;
            for (int col = 0; col < width; col++) {
                double a = (col + 0.5) / width;
                double x = quad.x0() + a * ex + b * fx - 0.5;
                double y = quad.y0() + a * ey + b * fy - 0.5;
                target[row * width + col] = bilinear(source, imageW, imageH, x, y);
            }
        }
        BufferedImage line = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        line.setRGB(0, 0, width, height, target, 0, width);
        if (height >= 1.5 * width) {
            return rotateAnticlockwise(line);
        }
        return line;
    }

    private static int bilinear(int[] pixels, int w, int h, double x, double y) {
        x = Math.max(0, Math.min(w - 1, x));
        y = Math.max(0, Math.min(h - 1, y));
        int x0 = (int) x;
        int y0 = (int) y;
        int x1 = Math.min(w - 1, x0 + 1);
        int y1 = Math.min(h - 1, y0 + 1);
        double dx = x - x0;
        double dy = y - y0;
        int p00 = pixels[y0 * w + x0];
        int p01 = pixels[y0 * w + x1];
        int p10 = pixels[y1 * w + x0];
        int p11 = pixels[y1 * w + x1];
        int rgb = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            double top = ((p00 >> shift) & 0xFF) * (1 - dx) + ((p01 >> shift) & 0xFF) * dx;
            double bottom = ((p10 >> shift) & 0xFF) * (1 - dx) + ((p11 >> shift) & 0xFF) * dx;
            int value = (int) Math.round(top * (1 - dy) + bottom * dy);
            rgb |= Math.max(0, Math.min(255, value)) << shift;
        }
        return rgb;
    }

    private static BufferedImage rotateAnticlockwise(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage rotated = new BufferedImage(h, w, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                rotated.setRGB(y, w - 1 - x, image.getRGB(x, y));
            }
        }
        return rotated;
    }
}
