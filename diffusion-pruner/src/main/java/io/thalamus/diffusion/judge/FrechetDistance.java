package io.thalamus.diffusion.judge;

import java.util.List;

/**
 * The Fréchet distance between two sets of feature vectors, each taken as a Gaussian (the FID of generated
 * images when the features are the judge's): ‖μ1 − μ2‖² + Tr(C1 + C2 − 2(C1^½ C2 C1^½)^½). The matrix square
 * roots come from symmetric eigen-decompositions (cyclic Jacobi), which is exact enough for a few dozen
 * dimensions. Covariances use n − 1.
 */
public final class FrechetDistance {

    private FrechetDistance() {
    }

    /** Mean and covariance of a set of vectors. */
    public record Statistics(double[] mean, double[][] covariance, int count) {

        public static Statistics of(List<float[]> vectors) {
            if (vectors.size() < 2) {
                throw new IllegalArgumentException("a covariance needs at least two vectors, not " + vectors.size());
            }
            int dimension = vectors.get(0).length;
            double[] mean = new double[dimension];
            for (float[] vector : vectors) {
                if (vector.length != dimension) {
                    throw new IllegalArgumentException("vectors of " + vector.length + " and " + dimension
                            + " values");
                }
                for (int d = 0; d < dimension; d++) {
                    mean[d] += vector[d];
                }
            }
            for (int d = 0; d < dimension; d++) {
                mean[d] /= vectors.size();
            }
            double[][] covariance = new double[dimension][dimension];
            double[] centred = new double[dimension];
            for (float[] vector : vectors) {
                for (int d = 0; d < dimension; d++) {
                    centred[d] = vector[d] - mean[d];
                }
                for (int a = 0; a < dimension; a++) {
                    for (int b = a; b < dimension; b++) {
                        covariance[a][b] += centred[a] * centred[b];
                    }
                }
            }
            for (int a = 0; a < dimension; a++) {
                for (int b = a; b < dimension; b++) {
                    covariance[a][b] /= vectors.size() - 1;
                    covariance[b][a] = covariance[a][b];
                }
            }
            return new Statistics(mean, covariance, vectors.size());
        }
    }

    public static double between(List<float[]> first, List<float[]> second) {
        return between(Statistics.of(first), Statistics.of(second));
    }

    public static double between(Statistics first, Statistics second) {
        int n = first.mean().length;
        if (second.mean().length != n) {
            throw new IllegalArgumentException("statistics of " + n + " and " + second.mean().length + " dimensions");
        }
        double shift = 0;
        for (int d = 0; d < n; d++) {
            double difference = first.mean()[d] - second.mean()[d];
            shift += difference * difference;
        }
        double[][] root = squareRoot(first.covariance());
        double[][] product = multiply(multiply(root, second.covariance()), root);
        symmetrise(product);
        double crossTrace = 0;
        for (double eigenvalue : eigenvalues(product)) {
            crossTrace += Math.sqrt(Math.max(0, eigenvalue));
        }
        double trace = 0;
        for (int d = 0; d < n; d++) {
            trace += first.covariance()[d][d] + second.covariance()[d][d];
        }
        return shift + trace - 2 * crossTrace;
    }

    /** The symmetric square root of a symmetric positive semi-definite matrix (negative eigenvalues as 0). */
    static double[][] squareRoot(double[][] matrix) {
        int n = matrix.length;
        double[][] vectors = new double[n][n];
        double[] values = jacobi(copy(matrix), vectors);
        double[][] root = new double[n][n];
        for (int k = 0; k < n; k++) {
            double scale = Math.sqrt(Math.max(0, values[k]));
            if (scale == 0) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                double vik = vectors[i][k] * scale;
                for (int j = 0; j < n; j++) {
                    root[i][j] += vik * vectors[j][k];
                }
            }
        }
        symmetrise(root);
        return root;
    }

    static double[] eigenvalues(double[][] matrix) {
        return jacobi(copy(matrix), new double[matrix.length][matrix.length]);
    }

    /**
     * Cyclic Jacobi rotations until the off-diagonal part is negligible: returns the eigenvalues, and fills
     * {@code vectors} with the eigenvectors as columns. Destroys {@code a}.
     */
    private static double[] jacobi(double[][] a, double[][] vectors) {
        int n = a.length;
        for (int i = 0; i < n; i++) {
            vectors[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            double diagonal = 0;
            for (int i = 0; i < n; i++) {
                diagonal += a[i][i] * a[i][i];
                for (int j = i + 1; j < n; j++) {
                    off += a[i][j] * a[i][j];
                }
            }
            if (off <= 1e-26 * diagonal || off == 0) {
                break;
            }
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] == 0) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = vectors[k][p];
                        double vkq = vectors[k][q];
                        vectors[k][p] = c * vkp - s * vkq;
                        vectors[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = a[i][i];
        }
        return values;
    }

    private static double[][] multiply(double[][] left, double[][] right) {
        int n = left.length;
        double[][] product = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double lik = left[i][k];
                if (lik == 0) {
                    continue;
                }
                for (int j = 0; j < n; j++) {
                    product[i][j] += lik * right[k][j];
                }
            }
        }
        return product;
    }

    private static void symmetrise(double[][] matrix) {
        for (int i = 0; i < matrix.length; i++) {
            for (int j = i + 1; j < matrix.length; j++) {
                double mean = (matrix[i][j] + matrix[j][i]) / 2;
                matrix[i][j] = mean;
                matrix[j][i] = mean;
            }
        }
    }

    private static double[][] copy(double[][] matrix) {
        double[][] copy = new double[matrix.length][];
        for (int i = 0; i < matrix.length; i++) {
            copy[i] = matrix[i].clone();
        }
        return copy;
    }
}
