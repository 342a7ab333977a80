package io.thalamus.vision.ocr;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Puts text regions in reading order: top to bottom, and left to right among regions on the same row (their
 * vertical centres closer than half the smaller height).
 */
final class ReadingOrder {

    private ReadingOrder() {
    }

    static List<Quad> sort(List<Quad> quads) {
        List<Quad> byCenter = new ArrayList<>(quads);
        byCenter.sort(Comparator.comparingDouble(Quad::centerY));
        List<Quad> ordered = new ArrayList<>(quads.size());
        List<Quad> row = new ArrayList<>();
        for (Quad quad : byCenter) {
            if (!row.isEmpty() && !sameRow(row.get(0), quad)) {
                flush(row, ordered);
            }
            row.add(quad);
        }
        flush(row, ordered);
        return ordered;
    }

    private static boolean sameRow(Quad first, Quad next) {
        return Math.abs(next.centerY() - first.centerY()) < 0.5 * Math.min(first.height(), next.height());
    }

    private static void flush(List<Quad> row, List<Quad> ordered) {
        row.sort(Comparator.comparingDouble(Quad::minX));
        ordered.addAll(row);
        row.clear();
    }
}
