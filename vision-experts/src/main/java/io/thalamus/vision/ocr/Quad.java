package io.thalamus.vision.ocr;

import java.util.List;

/**
 * A text region as four corners in image pixels: top-left, top-right, bottom-right, bottom-left of the text as it
 * reads (for slanted text the corners follow the slant).
 */
record Quad(double x0, double y0, double x1, double y1, double x2, double y2, double x3, double y3) {

    /** Length of the top edge: how wide the text is. */
    double width() {
        return Math.hypot(x1 - x0, y1 - y0);
    }

    /** Length of the left edge: how tall the text is. */
    double height() {
        return Math.hypot(x3 - x0, y3 - y0);
    }

    double centerX() {
        return (x0 + x1 + x2 + x3) / 4;
    }

    double centerY() {
        return (y0 + y1 + y2 + y3) / 4;
    }

    double minX() {
        return Math.min(Math.min(x0, x1), Math.min(x2, x3));
    }

    Quad scaled(double sx, double sy) {
        return new Quad(x0 * sx, y0 * sy, x1 * sx, y1 * sy, x2 * sx, y2 * sy, x3 * sx, y3 * sy);
    }

    /** The corners clamped into an image of this size. */
    Quad clamped(int width, int height) {
        return new Quad(clamp(x0, width), clamp(y0, height), clamp(x1, width), clamp(y1, height),
                clamp(x2, width), clamp(y2, height), clamp(x3, width), clamp(y3, height));
    }

    /** The corners as integer [x, y] pairs, clockwise from the top-left. */
    List<int[]> points() {
        return List.of(new int[] {round(x0), round(y0)}, new int[] {round(x1), round(y1)},
                new int[] {round(x2), round(y2)}, new int[] {round(x3), round(y3)});
    }

    private static double clamp(double value, int size) {
        return Math.max(0, Math.min(size, value));
    }

    private static int round(double value) {
        return (int) Math.round(value);
    }
}
