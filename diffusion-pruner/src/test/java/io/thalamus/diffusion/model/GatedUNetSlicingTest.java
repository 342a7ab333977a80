package io.thalamus.diffusion.model;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import ai.djl.nn.ParameterList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** A sub-network sliced out of the full UNet computes what the full UNet computes under that sub-network's gates. */
class GatedUNetSlicingTest {

    private static final UNetArchitecture SMALL = new UNetArchitecture(32, 16, 4, 2, 2, 4, 24, 16, 32, Prediction.VELOCITY);
    private static final int BATCH = 3;
    private static final int TOKENS = 5;

    private static Model fullModel;
    private static GatedUNet full;
    private static GateLayout layout;

    @BeforeAll
    static void randomFullNetwork() {
        layout = new GateLayout(SMALL);
        full = new GatedUNet(SubNetwork.full(layout));
        fullModel = Model.newInstance("full", "PyTorch");
        fullModel.setBlock(full);
        full.initialize(fullModel.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 32, 32));
        // every weight random (zero-initialised branches would hide slicing mistakes)
        Random random = new Random(7);
        ParameterList parameters = full.getParameters();
        for (int p = 0; p < parameters.size(); p++) {
            NDArray array = parameters.valueAt(p).getArray();
            float[] values = new float[(int) array.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextGaussian() * 0.2);
            }
            array.set(values);
        }
    }

    @AfterAll
    static void close() {
        fullModel.close();
    }

    @Test
    void slicedWidthsComputeTheGatedFullNetwork() {
        boolean[] kept = new boolean[layout.size()];
        Random random = new Random(11);
        for (int g = 0; g < kept.length; g++) {
            kept[g] = random.nextDouble() < 0.6;
        }
        assertSlicedMatchesGated(new SubNetwork(layout, kept));
    }

    @Test
    void removedBlocksAreIdentity() {
        boolean[] kept = new boolean[layout.size()];
        Arrays.fill(kept, true);
        for (int b = 0; b < layout.blocks().size(); b++) {
            if (layout.depthGate(b) >= 0) {
                kept[layout.depthGate(b)] = false;
            }
        }
        assertSlicedMatchesGated(new SubNetwork(layout, kept));
    }

    @Test
    void everySegmentKeepsAtLeastOneGate() {
        SubNetwork empty = new SubNetwork(layout, new boolean[layout.size()]);
        for (GateLayout.Segment segment : layout.allSegments()) {
            assertThat(empty.keptIndices(segment)).containsExactly(0);
        }
    }

    private static void assertSlicedMatchesGated(SubNetwork sub) {
        try (Model slicedModel = Model.newInstance("sliced", "PyTorch");
             NDManager manager = NDManager.newBaseManager("PyTorch")) {
            GatedUNet sliced = new GatedUNet(sub);
            slicedModel.setBlock(sliced);
            sliced.initialize(slicedModel.getNDManager(), DataType.FLOAT32, new Shape(1, 3, 32, 32));
            sliced.sliceFrom(full);

            manager.getEngine().setRandomSeed(3);
            NDArray images = manager.randomNormal(new Shape(BATCH, 3, 32, 32));
            NDArray timesteps = manager.create(new float[] {10, 400, 990});
            NDArray tokens = manager.randomNormal(new Shape(BATCH, TOKENS, SMALL.textDimension()));
            NDArray mask = manager.create(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0},
                    new Shape(BATCH, TOKENS));
            NDArray gates = manager.create(sub.gates()).expandDims(0).repeat(0, BATCH);

            PairList<String, Object> withFeatures = new PairList<>();
            withFeatures.add(GatedUNet.BLOCK_FEATURES, true);
            NDList expected = full.forward(new ParameterStore(manager, false),
                    new NDList(images, timesteps, tokens, mask, gates), false, withFeatures);
            NDList actual = sliced.forward(new ParameterStore(manager, false),
                    new NDList(images, timesteps, tokens, mask), false, withFeatures);

            assertThat(sliced.getParameters().size()).isLessThanOrEqualTo(full.getParameters().size());
            assertThat(expected.head().abs().max().getFloat()).isGreaterThan(0.01f);
            // the prediction, then every gated block's output (a removed block passes its input on)
            assertThat(actual).hasSameSizeAs(expected).hasSize(1 + layout.blocks().size());
            for (int i = 0; i < expected.size(); i++) {
                // block features grow larger than the prediction: the float error allowed grows with them
                float scale = Math.max(1, expected.get(i).abs().max().getFloat());
                assertThat(actual.get(i).sub(expected.get(i)).abs().max().getFloat()).isLessThan(1e-4f * scale);
            }
        }
    }
}
