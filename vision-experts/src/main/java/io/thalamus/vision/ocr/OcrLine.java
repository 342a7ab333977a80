package io.thalamus.vision.ocr;

import java.util.List;

/**
 * One recognised line of text.
 *
 * @param box        its four corners in the (upright) image's pixels, clockwise from the top-left, each [x, y]
 * @param confidence mean probability of its characters (0–1)
 */
public record OcrLine(String text, double confidence, List<int[]> box) {
}
