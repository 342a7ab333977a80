package io.thalamus.vision.ocr;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Box extraction geometry and reading order, without models. */
class GeometryTest {

    @Test
    void theSmallestRectangleOfARotatedRegionRecoversItsSizeAndSlant() {
        double angle = Math.toRadians(5);
        List<double[]> points = new ArrayList<>();
        // a filled 200 × 40 rectangle centred at (300, 150), turned 5° clockwise (image coordinates)
        for (int u = -100; u <= 100; u += 2) {
            for (int v = -20; v <= 20; v += 2) {
                points.add(new double[] {300 + u * Math.cos(angle) - v * Math.sin(angle),
                        150 + u * Math.sin(angle) + v * Math.cos(angle)});
            }
        }
        RotatedRect rect = RotatedRect.enclosing(points);
        assertThat(rect.width()).isCloseTo(200, within(0.5));
        assertThat(rect.height()).isCloseTo(40, within(0.5));
        assertThat(rect.cx()).isCloseTo(300, within(0.5));
        assertThat(rect.cy()).isCloseTo(150, within(0.5));
        assertThat(Math.toDegrees(Math.atan2(rect.uy(), rect.ux()))).isCloseTo(5, within(0.1));
        Quad quad = rect.grown(10).quad();
        assertThat(quad.width()).isCloseTo(220, within(0.5));
        assertThat(quad.height()).isCloseTo(60, within(0.5));
        assertThat(quad.x0()).as("the first corner is the top-left").isLessThan(quad.x1());
        assertThat(quad.y0()).isLessThan(quad.y3());
    }

    @Test
    void aTallRegionIsStillReadAlongItsHorizontalAxis() {
        List<double[]> points = List.of(new double[] {0, 0}, new double[] {30, 0}, new double[] {30, 100},
                new double[] {0, 100});
        RotatedRect rect = RotatedRect.enclosing(points);
        assertThat(rect.ux()).isCloseTo(1, within(1e-9));
        assertThat(rect.width()).isCloseTo(30, within(1e-9));
        assertThat(rect.height()).isCloseTo(100, within(1e-9));
    }

    @Test
    void readingOrderIsRowsTopToBottomThenLeftToRight() {
        Quad right = box(300, 100, 100, 30);
        Quad left = box(20, 104, 120, 30);
        Quad below = box(20, 160, 200, 30);
        Quad top = box(500, 20, 80, 30);
        assertThat(ReadingOrder.sort(List.of(below, right, top, left))).containsExactly(top, left, right, below);
    }

    private static Quad box(double x, double y, double w, double h) {
        return new Quad(x, y, x + w, y, x + w, y + h, x, y + h);
    }
}
