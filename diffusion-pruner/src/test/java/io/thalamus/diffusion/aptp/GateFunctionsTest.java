package io.thalamus.diffusion.aptp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.engine.Engine;
import io.thalamus.diffusion.model.GateLayout;
import io.thalamus.diffusion.model.SubNetwork;
import io.thalamus.diffusion.model.UNetArchitecture;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GateFunctionsTest {

    private final GateLayout layout = new GateLayout(UNetArchitecture.standard());
    private final GateFunctions gates = new GateFunctions(layout);

    private NDArray randomLogits(NDManager manager, int rows, double scale, long seed) {
        Random random = new Random(seed);
        float[] values = new float[rows * layout.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * scale);
        }
        return manager.create(values, new Shape(rows, layout.size()));
    }

    @Test
    void widthGatesFollowTheGumbelSigmoid() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray logits = randomLogits(manager, 4, 4, 1);
            NDArray noise = gates.noise(manager, 4, 9);
            float[] soft = gates.soft(logits, noise).toFloatArray();
            float[] x = logits.toFloatArray();
            float[] g = noise.toFloatArray();
            for (int r = 0; r < 4; r++) {
                for (int i = 0; i < layout.widthGates(); i++) {
                    int at = r * layout.size() + i;
                    double expected = 1 / (1 + Math.exp(-(x[at] + g[at] + 3) / 0.4));
                    assertThat((double) soft[at]).isCloseTo(expected, within(1e-5));
                }
            }
        }
    }

    @Test
    void depthGatesDropInnerBlocksBeforeOuterOnes() {
        List<Integer> outerFirst = new ArrayList<>();
        for (int b = 0; b < layout.blocks().size(); b++) {
            if (layout.depthGate(b) >= 0) {
                outerFirst.add(b);
            }
        }
        outerFirst.sort(Comparator.comparingInt((Integer b) -> layout.blocks().get(b).level()).thenComparingInt(b -> b));
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray logits = randomLogits(manager, 16, 3, 2);
            float[] soft = gates.soft(logits, manager.zeros(logits.getShape())).toFloatArray();
            for (int r = 0; r < 16; r++) {
                float previous = Float.MAX_VALUE;
                for (int block : outerFirst) {
                    float value = soft[r * layout.size() + layout.depthGate(block)];
                    assertThat(value).isLessThanOrEqualTo(previous + 1e-6f);
                    previous = value;
                }
                // the outermost block is always kept
                assertThat(soft[r * layout.size() + layout.depthGate(outerFirst.get(0))]).isGreaterThan(0.99f);
            }
        }
    }

    @Test
    void hardGatesAreStraightThroughAndNeverCloseASegment() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray logits = randomLogits(manager, 3, 1, 3).sub(20); // everything far below the threshold
            logits.setRequiresGradient(true);
            NDArray soft;
            NDArray hard;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                soft = gates.soft(logits, manager.zeros(logits.getShape()));
                hard = gates.hard(soft);
                collector.backward(hard.mul(manager.arange((float) layout.size()).expandDims(0)).sum());
            }
            float[] values = hard.toFloatArray();
            SubNetwork sub = SubNetwork.fromGates(layout, java.util.Arrays.copyOfRange(values, 0, layout.size()));
            for (GateLayout.Segment segment : layout.allSegments()) {
                assertThat(values[segment.offset()]).isEqualTo(1f);
                assertThat(sub.keptIndices(segment)).containsExactly(0);
            }
            for (float value : values) {
                assertThat(value).isIn(0f, 1f);
            }
            // the gradient is the soft gates' gradient: σ'·(1/0.4)·weight, non-zero although the hard value is flat
            assertThat(logits.getGradient().abs().sum().getFloat()).isGreaterThan(0f);
        }
    }

    @Test
    void evaluationNoiseIsFixedBySeedAndSimilarityVectorsAreUnitLength() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            assertThat(gates.noise(manager, 2, 42).toFloatArray()).containsExactly(gates.noise(manager, 2, 42)
                    .toFloatArray());
            NDArray hard = gates.hard(gates.soft(randomLogits(manager, 5, 3, 4), gates.noise(manager, 5, 42)));
            for (float norm : gates.similarityVectors(hard).norm(new int[] {1}).toFloatArray()) {
                assertThat(norm).isCloseTo(1f, within(1e-5f));
            }
        }
    }
}
