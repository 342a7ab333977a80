package io.thalamus.vision.ocr;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds text regions with a DB (differentiable binarization) detection model such as PP-OCRv4's: the image is
 * resized so each side is a multiple of 32, normalised with the ImageNet mean and deviation, and the model returns
 * a per-pixel text probability. Pixels above {@code binaryThreshold} are grouped into connected regions; each
 * region whose mean probability reaches {@code boxThreshold} is enclosed in its smallest rotated rectangle, which
 * is grown by {@code unclipRatio} × area / perimeter on every side (the model predicts shrunk text kernels).
 */
final class TextDetector {

    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    private final OnnxModel model;
    private final OcrSettings settings;

    TextDetector(OnnxModel model, OcrSettings settings) {
        this.model = model;
        this.settings = settings;
    }

    /** Text regions of the image, in its pixel coordinates, in no particular order. */
    List<Detection> detect(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        double scale = 1.0;
        int longest = Math.max(width, height);
        if (longest > settings.detectionMaxSide()) {
            scale = (double) settings.detectionMaxSide() / longest;
        } else if (longest < settings.detectionMinSide()) {
            scale = (double) settings.detectionMinSide() / longest;
        }
        int resizedW = multipleOf32(width * scale);
        int resizedH = multipleOf32(height * scale);
        Tensor input = new Tensor(normalised(resize(image, resizedW, resizedH)), new long[] {1, 3, resizedH, resizedW});
        Tensor output = model.run(input);
        int mapH = output.dim(2);
        int mapW = output.dim(3);
        return regions(output.data(), mapW, mapH, (double) width / mapW, (double) height / mapH, width, height);
    }

    private List<Detection> regions(float[] probability, int w, int h, double sx, double sy, int imageW, int imageH) {
        float threshold = (float) settings.binaryThreshold();
        boolean[] seen = new boolean[w * h];
        int[] stack = new int[w * h];
        List<Detection> detections = new ArrayList<>();
        for (int start = 0; start < w * h; start++) {
            if (seen[start] || probability[start] <= threshold) {
                continue;
            }
            // one 8-connected region: its probability sum and, per row, its leftmost and rightmost pixel
            int top = start / w;
            int[] rowMin = new int[h - top];
            int[] rowMax = new int[h - top];
            java.util.Arrays.fill(rowMin, Integer.MAX_VALUE);
            java.util.Arrays.fill(rowMax, -1);
            double sum = 0;
            int count = 0;
            int size = 0;
            stack[size++] = start;
            seen[start] = true;
            while (size > 0) {
                int p = stack[--size];
                int x = p % w;
                int y = p / w;
                sum += probability[p];
                count++;
                rowMin[y - top] = Math.min(rowMin[y - top], x);
                rowMax[y - top] = Math.max(rowMax[y - top], x);
                for (int dy = -1; dy <= 1; dy++) {
                    int ny = y + dy;
                    if (ny < top || ny >= h) {
                        continue;
                    }
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx;
                        if (nx < 0 || nx >= w) {
                            continue;
                        }
                        int q = ny * w + nx;
                        if (!seen[q] && probability[q] > threshold) {
                            seen[q] = true;
                            stack[size++] = q;
                        }
                    }
                }
            }
            if (count < settings.minRegionPixels() || sum / count < settings.boxThreshold()) {
                continue;
            }
            List<double[]> corners = new ArrayList<>();
            for (int r = 0; r < rowMin.length; r++) {
                if (rowMax[r] < 0) {
                    continue;
                }
                int y = top + r;
                corners.add(new double[] {rowMin[r], y});
                corners.add(new double[] {rowMin[r], y + 1});
                corners.add(new double[] {rowMax[r] + 1, y});
                corners.add(new double[] {rowMax[r] + 1, y + 1});
            }
            RotatedRect rect = RotatedRect.enclosing(corners);
            if (Math.min(rect.width(), rect.height()) < settings.minBoxSide()) {
                continue;
            }
            double distance = rect.width() * rect.height() * settings.unclipRatio()
                    / (2 * (rect.width() + rect.height()));
            RotatedRect grown = rect.grown(distance);
            Quad quad = grown.quad().scaled(sx, sy).clamped(imageW, imageH);
            if (Math.min(quad.width(), quad.height()) < settings.minBoxSide()) {
                continue;
            }
            detections.add(new Detection(quad, sum / count));
        }
        return detections;
    }

    private static int multipleOf32(double side) {
        return Math.max(32, (int) Math.round(side / 32) * 32);
    }

    static BufferedImage resize(BufferedImage image, int width, int height) {
        if (image.getWidth() == width && image.getHeight() == height) {
            return image;
        }
        BufferedImage current = image;
        // halve while far too large: one bilinear step would skip pixels and alias thin strokes
        while (current.getWidth() / 2 >= width && current.getHeight() / 2 >= height) {
            current = draw(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        return draw(current, width, height);
    }

    private static BufferedImage draw(BufferedImage image, int width, int height) {
        BufferedImage resized = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = resized.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return resized;
    }

    /** CHW floats in BGR channel order (the models were trained on OpenCV's BGR images). */
    private static float[] normalised(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        float[] chw = new float[3 * w * h];
        int plane = w * h;
        for (int i = 0; i < plane; i++) {
            int pixel = rgb[i];
            float r = ((pixel >> 16) & 0xFF) / 255f;
            float g = ((pixel >> 8) & 0xFF) / 255f;
            float b = (pixel & 0xFF) / 255f;
            chw[i] = (b - MEAN[0]) / STD[0];
            chw[plane + i] = (g - MEAN[1]) / STD[1];
            chw[2 * plane + i] = (r - MEAN[2]) / STD[2];
        }
        return chw;
    }

    record Detection(Quad quad, double score) {
    }
}
