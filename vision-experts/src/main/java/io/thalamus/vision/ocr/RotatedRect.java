package io.thalamus.vision.ocr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The smallest-area rectangle around a set of points (convex hull, then rotating calipers), with its long axis
 * taken as the reading direction when it is closer to horizontal than vertical.
 *
 * @param ux,uy unit vector along the text (pointing right)
 * @param vx,vy unit vector across it (pointing down)
 */
record RotatedRect(double cx, double cy, double width, double height, double ux, double uy, double vx, double vy) {

    static RotatedRect enclosing(List<double[]> points) {
        List<double[]> hull = convexHull(points);
        if (hull.size() < 3) {
            return axisAligned(points);
        }
        double bestArea = Double.MAX_VALUE;
        RotatedRect best = null;
        for (int i = 0; i < hull.size(); i++) {
            double[] a = hull.get(i);
            double[] b = hull.get((i + 1) % hull.size());
            double length = Math.hypot(b[0] - a[0], b[1] - a[1]);
            if (length == 0) {
                continue;
            }
            double ux = (b[0] - a[0]) / length;
            double uy = (b[1] - a[1]) / length;
            double minU = Double.MAX_VALUE;
            double maxU = -Double.MAX_VALUE;
            double minV = Double.MAX_VALUE;
            double maxV = -Double.MAX_VALUE;
            for (double[] p : hull) {
                double u = p[0] * ux + p[1] * uy;
                double v = -p[0] * uy + p[1] * ux;
                minU = Math.min(minU, u);
                maxU = Math.max(maxU, u);
                minV = Math.min(minV, v);
                maxV = Math.max(maxV, v);
            }
            double area = (maxU - minU) * (maxV - minV);
            if (area < bestArea) {
                bestArea = area;
                double cu = (minU + maxU) / 2;
                double cv = (minV + maxV) / 2;
                double cx = cu * ux - cv * uy;
                double cy = cu * uy + cv * ux;
                best = oriented(cx, cy, maxU - minU, maxV - minV, ux, uy);
            }
        }
        return best == null ? axisAligned(points) : best;
    }

    /** The rectangle grown by {@code distance} on every side. */
    RotatedRect grown(double distance) {
        return new RotatedRect(cx, cy, width + 2 * distance, height + 2 * distance, ux, uy, vx, vy);
    }

    Quad quad() {
        double hw = width / 2;
        double hh = height / 2;
        return new Quad(
                cx - ux * hw - vx * hh, cy - uy * hw - vy * hh,
                cx + ux * hw - vx * hh, cy + uy * hw - vy * hh,
                cx + ux * hw + vx * hh, cy + uy * hw + vy * hh,
                cx - ux * hw + vx * hh, cy - uy * hw + vy * hh);
    }

    /** Orients the axes: u the one closer to horizontal, pointing right; v perpendicular, pointing down. */
    private static RotatedRect oriented(double cx, double cy, double alongEdge, double acrossEdge, double ux, double uy) {
        double vx = -uy;
        double vy = ux;
        double width = alongEdge;
        double height = acrossEdge;
        if (Math.abs(ux) < Math.abs(vx)) {
            double tx = ux;
            double ty = uy;
            ux = vx;
            uy = vy;
            vx = tx;
            vy = ty;
            width = acrossEdge;
            height = alongEdge;
        }
        if (ux < 0) {
            ux = -ux;
            uy = -uy;
        }
        vx = -uy;
        vy = ux;
        return new RotatedRect(cx, cy, width, height, ux, uy, vx, vy);
    }

    private static RotatedRect axisAligned(List<double[]> points) {
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (double[] p : points) {
            minX = Math.min(minX, p[0]);
            maxX = Math.max(maxX, p[0]);
            minY = Math.min(minY, p[1]);
            maxY = Math.max(maxY, p[1]);
        }
        return new RotatedRect((minX + maxX) / 2, (minY + maxY) / 2, maxX - minX, maxY - minY, 1, 0, 0, 1);
    }

    /** Andrew's monotone chain; the hull counter-clockwise in image coordinates, without repeated points. */
    static List<double[]> convexHull(List<double[]> points) {
        double[][] sorted = points.toArray(new double[0][]);
        Arrays.sort(sorted, Comparator.<double[]>comparingDouble(p -> p[0]).thenComparingDouble(p -> p[1]));
        int n = sorted.length;
        if (n < 3) {
            return new ArrayList<>(Arrays.asList(sorted));
        }
        double[][] hull = new double[2 * n][];
        int k = 0;
        for (double[] p : sorted) {
            while (k >= 2 && cross(hull[k - 2], hull[k - 1], p) <= 0) {
                k--;
            }
            hull[k++] = p;
        }
        for (int i = n - 2, lower = k + 1; i >= 0; i--) {
            double[] p = sorted[i];
            while (k >= lower && cross(hull[k - 2], hull[k - 1], p) <= 0) {
                k--;
            }
            hull[k++] = p;
        }
        return new ArrayList<>(Arrays.asList(hull).subList(0, k - 1));
    }

    private static double cross(double[] o, double[] a, double[] b) {
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
    }
}
