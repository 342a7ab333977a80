package io.thalamus.diffusion.aptp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SinkhornTest {

    private static final int BATCH = 64;
    private static final int CODES = 8;

    /** Every prompt prefers code 0, by different margins: the plain argmax collapses onto one code. */
    private static NDArray collapsing(NDManager manager) {
        Random random = new Random(3);
        float[] scores = new float[BATCH * CODES];
        for (int b = 0; b < BATCH; b++) {
            for (int k = 0; k < CODES; k++) {
                scores[b * CODES + k] = (float) (k == 0 ? 0.9 : 0.5 + 0.3 * random.nextDouble());
            }
        }
        return manager.create(scores, new Shape(BATCH, CODES));
    }

    @Test
    void marginalsAreBalanced() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray plan = Sinkhorn.balance(collapsing(manager), Sinkhorn.EPSILON, 200);
            float[] perPrompt = plan.sum(new int[] {1}).toFloatArray();
            float[] perCode = plan.sum(new int[] {0}).toFloatArray();
            for (float mass : perPrompt) {
                assertThat(mass).isCloseTo(1f, within(1e-4f));
            }
            for (float mass : perCode) {
                assertThat(mass).isCloseTo((float) BATCH / CODES, within(1e-2f));
            }
        }
    }

    @Test
    void threeIterationsSpreadWhatArgmaxCollapses() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray scores = collapsing(manager);
            assertThat(Sinkhorn.assign(scores)).containsOnly(0);
            int[] counts = new int[CODES];
            for (int code : Sinkhorn.assign(Sinkhorn.balance(scores, Sinkhorn.EPSILON, Sinkhorn.ITERATIONS))) {
                counts[code]++;
            }
            for (int count : counts) {
                assertThat(count).isBetween(1, 3 * BATCH / CODES);
            }
        }
    }
}
