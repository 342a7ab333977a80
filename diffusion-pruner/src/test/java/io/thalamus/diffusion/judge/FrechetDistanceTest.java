package io.thalamus.diffusion.judge;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FrechetDistanceTest {

    @Test
    void identicalSetsAreAtDistanceZero() {
        List<float[]> vectors = correlated(new Random(1), 400, 16);

        assertThat(FrechetDistance.between(vectors, vectors)).isCloseTo(0, within(1e-6));
    }

    @Test
    void aPureMeanShiftCostsItsSquaredLength() {
        List<float[]> vectors = correlated(new Random(2), 400, 16);
        float[] shift = new float[16];
        double squared = 0;
        for (int d = 0; d < shift.length; d++) {
            shift[d] = 0.25f * (d % 5) - 0.5f;
            squared += shift[d] * shift[d];
        }
        List<float[]> shifted = new ArrayList<>();
        for (float[] vector : vectors) {
            float[] moved = vector.clone();
            for (int d = 0; d < moved.length; d++) {
                moved[d] += shift[d];
            }
            shifted.add(moved);
        }

        assertThat(FrechetDistance.between(vectors, shifted)).isCloseTo(squared, within(1e-4));
    }

    @Test
    void diagonalCovariancesGiveTheClosedForm() {
        double[] first = {1.0, 4.0, 0.25, 9.0, 0.0};
        double[] second = {2.0, 1.0, 0.25, 16.0, 1.0};
        double expected = 0;
        for (int d = 0; d < first.length; d++) {
            double difference = Math.sqrt(first[d]) - Math.sqrt(second[d]);
            expected += difference * difference;
        }
        double[] meanShift = {0.5, 0, 0, -1, 0};
        expected += 0.25 + 1;

        double distance = FrechetDistance.between(statistics(new double[5], diagonal(first)),
                statistics(meanShift, diagonal(second)));

        assertThat(distance).isCloseTo(expected, within(1e-9));
    }

    @Test
    void rotatedDiagonalCovariancesGiveTheSameClosedForm() {
        double[] first = {1.0, 4.0, 0.5, 9.0};
        double[] second = {3.0, 1.0, 0.5, 2.0};
        double expected = 0;
        for (int d = 0; d < first.length; d++) {
            double difference = Math.sqrt(first[d]) - Math.sqrt(second[d]);
            expected += difference * difference;
        }
        double[][] rotation = rotation(new Random(3), first.length);

        double distance = FrechetDistance.between(statistics(new double[4], rotate(rotation, diagonal(first))),
                statistics(new double[4], rotate(rotation, diagonal(second))));

        assertThat(distance).isCloseTo(expected, within(1e-9));
    }

    @Test
    void theSquareRootOfA64By64CovarianceSquaresBackToIt() {
        double[][] covariance = FrechetDistance.Statistics.of(correlated(new Random(4), 300, 64)).covariance();

        double[][] root = FrechetDistance.squareRoot(covariance);

        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < 64; j++) {
                double product = 0;
                for (int k = 0; k < 64; k++) {
                    product += root[i][k] * root[k][j];
                }
                assertThat(product).isCloseTo(covariance[i][j], within(1e-8));
            }
        }
    }

    private static List<float[]> correlated(Random random, int count, int dimension) {
        double[][] mixing = new double[dimension][dimension];
        for (double[] row : mixing) {
            for (int j = 0; j < dimension; j++) {
                row[j] = random.nextGaussian() / Math.sqrt(dimension);
            }
        }
        List<float[]> vectors = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            double[] source = new double[dimension];
            for (int j = 0; j < dimension; j++) {
                source[j] = random.nextGaussian();
            }
            float[] vector = new float[dimension];
            for (int i = 0; i < dimension; i++) {
                double value = 1.0 + i * 0.1;
                for (int j = 0; j < dimension; j++) {
                    value += mixing[i][j] * source[j];
                }
                vector[i] = (float) value;
            }
            vectors.add(vector);
        }
        return vectors;
    }

    private static FrechetDistance.Statistics statistics(double[] mean, double[][] covariance) {
        return new FrechetDistance.Statistics(mean, covariance, 1000);
    }

    private static double[][] diagonal(double[] values) {
        double[][] matrix = new double[values.length][values.length];
        for (int i = 0; i < values.length; i++) {
            matrix[i][i] = values[i];
        }
        return matrix;
    }

    /** An orthogonal matrix: Gram-Schmidt on random columns. */
    private static double[][] rotation(Random random, int n) {
        double[][] q = new double[n][n];
        for (int column = 0; column < n; column++) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = random.nextGaussian();
            }
            for (int previous = 0; previous < column; previous++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += v[i] * q[i][previous];
                }
                for (int i = 0; i < n; i++) {
                    v[i] -= dot * q[i][previous];
                }
            }
            double norm = 0;
            for (double x : v) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                q[i][column] = v[i] / norm;
            }
        }
        return q;
    }

    /** R·M·Rᵀ. */
    private static double[][] rotate(double[][] r, double[][] m) {
        int n = m.length;
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int a = 0; a < n; a++) {
                    for (int b = 0; b < n; b++) {
                        sum += r[i][a] * m[a][b] * r[j][b];
                    }
                }
                out[i][j] = sum;
            }
        }
        return out;
    }
}
