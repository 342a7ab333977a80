package io.thalamus.router.classification;

import java.util.List;

/**
 * Multinomial logistic regression, L2-regularised, fitted by full-batch L-BFGS. Deterministic: the
 * same rows in the same order give the same weights.
 *
 * <p>Parameter layout: {@code K} biases, then {@code K × dense} dense weights, then
 * {@code K × buckets} hashed weights (row-major by class).
 */
public final class SoftmaxRegression {

    public record Fit(double[] parameters, int iterations, double loss) {
    }

    private final int classes;
    private final int denseSize;
    private final int buckets;
    private final double l2;
    private final int maxIterations;
    private final int history;

    public SoftmaxRegression(int classes, int denseSize, int buckets, double l2, int maxIterations) {
        this.classes = classes;
        this.denseSize = denseSize;
        this.buckets = buckets;
        this.l2 = l2;
        this.maxIterations = maxIterations;
        this.history = 12;
    }

    public int parameterCount() {
        return classes * (1 + denseSize + buckets);
    }

    public Fit fit(List<TrainingRow> rows) {
        int n = parameterCount();
        double[] x = new double[n];
        double[] g = new double[n];
        double f = lossAndGradient(rows, x, g);
        double[][] s = new double[history][];
        double[][] y = new double[history][];
        double[] rho = new double[history];
        double[] alpha = new double[history];
        int stored = 0;
        int next = 0;
        double[] direction = new double[n];
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        int iteration = 0;
        int flat = 0;
        while (iteration < maxIterations) {
            iteration++;
            // Two-loop recursion: direction = -H g.
            System.arraycopy(g, 0, direction, 0, n);
            for (int k = 0; k < stored; k++) {
                int j = Math.floorMod(next - 1 - k, history);
                alpha[j] = rho[j] * dot(s[j], direction);
                axpy(-alpha[j], y[j], direction);
            }
            double gamma;
            if (stored > 0) {
                int last = Math.floorMod(next - 1, history);
                gamma = dot(s[last], y[last]) / dot(y[last], y[last]);
            } else {
                gamma = 1.0 / Math.max(1e-12, Math.sqrt(dot(g, g)));
            }
            scale(direction, gamma);
            for (int k = stored - 1; k >= 0; k--) {
                int j = Math.floorMod(next - 1 - k, history);
                double beta = rho[j] * dot(y[j], direction);
                axpy(alpha[j] - beta, s[j], direction);
            }
            scale(direction, -1);
            double slope = dot(g, direction);
            if (slope >= 0) {
                // Not a descent direction (numerical trouble): restart from steepest descent.
                stored = 0;
                System.arraycopy(g, 0, direction, 0, n);
                scale(direction, -1.0 / Math.max(1e-12, Math.sqrt(dot(g, g))));
                slope = dot(g, direction);
            }
            double step = 1;
            double fNew;
            int tries = 0;
            while (true) {
                for (int i = 0; i < n; i++) {
                    xNew[i] = x[i] + step * direction[i];
                }
                fNew = lossAndGradient(rows, xNew, gNew);
                if (fNew <= f + 1e-4 * step * slope || ++tries > 30) {
                    break;
                }
                step *= 0.5;
            }
            double[] sk = s[next] == null ? new double[n] : s[next];
            double[] yk = y[next] == null ? new double[n] : y[next];
            for (int i = 0; i < n; i++) {
                sk[i] = xNew[i] - x[i];
                yk[i] = gNew[i] - g[i];
            }
            double sy = dot(sk, yk);
            if (sy > 1e-12) {
                s[next] = sk;
                y[next] = yk;
                rho[next] = 1 / sy;
                next = (next + 1) % history;
                stored = Math.min(stored + 1, history);
            }
            double improvement = (f - fNew) / Math.max(1e-12, Math.abs(f));
            double[] swap = x;
            x = xNew;
            xNew = swap;
            swap = g;
            g = gNew;
            gNew = swap;
            f = fNew;
            flat = improvement < 1e-7 ? flat + 1 : 0;
            if (flat >= 3 || Math.sqrt(dot(g, g)) < 1e-7) {
                break;
            }
        }
        return new Fit(x, iteration, f);
    }

    /** Weighted mean cross-entropy plus {@code l2/2 · |W|²} (biases not penalised); fills {@code grad}. */
    double lossAndGradient(List<TrainingRow> rows, double[] w, double[] grad) {
        java.util.Arrays.fill(grad, 0);
        double totalWeight = 0;
        double loss = 0;
        double[] logits = new double[classes];
        int denseOffset = classes;
        int hashOffset = classes + classes * denseSize;
        for (TrainingRow row : rows) {
            logits(w, row.dense(), row.sparse(), logits);
            boolean[] possible = row.possible();
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                if (possible[k]) {
                    max = Math.max(max, logits[k]);
                }
            }
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                logits[k] = possible[k] ? Math.exp(logits[k] - max) : 0;
                sum += logits[k];
            }
            double weight = row.weight();
            totalWeight += weight;
            loss -= weight * Math.log(Math.max(1e-300, logits[row.label()] / sum));
            int[] index = row.sparse().index();
            float[] value = row.sparse().value();
            float[] dense = row.dense();
            for (int k = 0; k < classes; k++) {
                if (!possible[k]) {
                    continue;
                }
                double delta = weight * (logits[k] / sum - (k == row.label() ? 1 : 0));
                grad[k] += delta;
                int base = denseOffset + k * denseSize;
                for (int d = 0; d < denseSize; d++) {
                    grad[base + d] += delta * dense[d];
                }
                int hashBase = hashOffset + k * buckets;
                for (int j = 0; j < index.length; j++) {
                    grad[hashBase + index[j]] += delta * value[j];
                }
            }
        }
        double inverse = 1 / totalWeight;
        loss *= inverse;
        double penalty = 0;
        for (int i = 0; i < grad.length; i++) {
            grad[i] *= inverse;
            if (i >= classes) {
                penalty += w[i] * w[i];
                grad[i] += l2 * w[i];
            }
        }
        return loss + 0.5 * l2 * penalty;
    }

    /** Raw class scores for one row under parameters {@code w}. */
    public void logits(double[] w, float[] dense, SparseFeatures sparse, double[] out) {
        int denseOffset = classes;
        int hashOffset = classes + classes * denseSize;
        int[] index = sparse.index();
        float[] value = sparse.value();
        for (int k = 0; k < classes; k++) {
            double z = w[k];
            int base = denseOffset + k * denseSize;
            for (int d = 0; d < denseSize; d++) {
                z += w[base + d] * dense[d];
            }
            int hashBase = hashOffset + k * buckets;
            for (int j = 0; j < index.length; j++) {
                z += w[hashBase + index[j]] * value[j];
            }
            out[k] = z;
        }
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static void scale(double[] x, double a) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= a;
        }
    }
}
