package io.thalamus.diffusion.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.List;

/**
 * The text-conditioned noise-prediction UNet, or one of its sub-networks.
 *
 * <p>Built for the full {@link SubNetwork} it is the base model, and takes an optional gate vector per image
 * (values in [0, 1], laid out by {@link GateLayout}) that scales hidden groups, heads and feed-forward slices and
 * blends skippable blocks with identity: out = x + d·(block(x) − x). Built for a smaller sub-network it is that
 * sub-network physically: narrower weights, removed blocks absent; {@link #sliceFrom} fills it from a full model,
 * after which it computes exactly what the full model computes under that sub-network's gates.
 *
 * <p>Inputs: noisy images [B, 3, S, S] scaled to [−1, 1], timesteps [B] (float), prompt token vectors [B, L, D],
 * token mask [B, L] (1 for a token, 0 for padding) and, for the full network only, gates [B, {@link
 * GateLayout#size()}]. Output: the predicted noise [B, 3, S, S].
 */
public final class GatedUNet extends LayerBlock {

    /**
     * A forward parameter: when present, the output also carries every gated block's output after the prediction,
     * in block order (the features that block-level distillation compares).
     */
    public static final String BLOCK_FEATURES = "block-features";

    private static final float PADDING_BIAS = -1e4f;
    private static final int FOLD = 2;

    private final UNetArchitecture architecture;
    private final GateLayout layout;
    private final SubNetwork structure;
    private final LayerBlock[] blocks;
    private final Parameter time1;
    private final Parameter time1Bias;
    private final Parameter time2;
    private final Parameter time2Bias;
    private final Parameter pooledText;
    private final Parameter pooledTextBias;
    private final Parameter context;
    private final Parameter contextBias;
    private final Parameter stem;
    private final Parameter stemBias;
    private final Parameter down0;
    private final Parameter down0Bias;
    private final Parameter down1;
    private final Parameter down1Bias;
    private final Parameter up2;
    private final Parameter up2Bias;
    private final Parameter up1;
    private final Parameter up1Bias;
    private final Parameter headGamma;
    private final Parameter headBeta;
    private final Parameter head;
    private final Parameter headBias;

    public GatedUNet(SubNetwork structure) {
        this.structure = structure;
        this.layout = structure.layout();
        this.architecture = layout.architecture();
        UNetArchitecture a = architecture;
        int t = a.timeDimension();
        int folded = 3 * FOLD * FOLD;
        int c0 = a.channels(0);
        int c1 = a.channels(1);
        int c2 = a.channels(2);
        time1 = weight("time1", new Shape(t, t));
        time1Bias = bias("time1_bias", t);
        time2 = weight("time2", new Shape(t, t));
        time2Bias = bias("time2_bias", t);
        pooledText = weight("pooled_text", new Shape(t, a.textDimension()));
        pooledTextBias = bias("pooled_text_bias", t);
        context = weight("context", new Shape(a.contextDimension(), a.textDimension()));
        contextBias = bias("context_bias", a.contextDimension());
        stem = weight("stem", new Shape(c0, folded, 3, 3));
        stemBias = bias("stem_bias", c0);
        down0 = weight("down0", new Shape(c0, c0, 3, 3));
        down0Bias = bias("down0_bias", c0);
        down1 = weight("down1", new Shape(c1, c1, 3, 3));
        down1Bias = bias("down1_bias", c1);
        up2 = weight("up2", new Shape(c1, c2, 3, 3));
        up2Bias = bias("up2_bias", c1);
        up1 = weight("up1", new Shape(c0, c1, 3, 3));
        up1Bias = bias("up1_bias", c0);
        headGamma = gamma("head_gamma", c0);
        headBeta = beta("head_beta", c0);
        head = weight("head", new Shape(folded, c0, 3, 3));
        headBias = bias("head_bias", folded);

        List<GatedBlock> gated = layout.blocks();
        blocks = new LayerBlock[gated.size()];
        for (int b = 0; b < gated.size(); b++) {
            if (!structure.present(b)) {
                continue;
            }
            GatedBlock block = gated.get(b);
            List<GateLayout.Segment> segments = layout.segments(b);
            LayerBlock built;
            if (block.kind() == GatedBlock.Kind.RESIDUAL) {
                GateLayout.Segment groups = segments.get(0);
                built = new ResidualBlock(block.in(), block.out(), structure.keptCount(groups), groups.width(),
                        a.groups(), t);
            } else {
                built = new SpatialTransformer(block.out(), a.groups(), segments.get(0).width(),
                        structure.keptCount(segments.get(0)), structure.keptCount(segments.get(1)),
                        structure.keptCount(segments.get(2)), segments.get(2).width(), a.contextDimension());
            }
            blocks[b] = addChildBlock(block.name().replace('.', '_'), built);
        }
    }

    public UNetArchitecture architecture() {
        return architecture;
    }

    public GateLayout layout() {
        return layout;
    }

    public SubNetwork structure() {
        return structure;
    }

    public boolean isFull() {
        return structure.equals(SubNetwork.full(layout));
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray timesteps = inputs.get(1);
        NDArray tokens = inputs.get(2);
        NDArray tokenMask = inputs.get(3);
        NDArray gates = inputs.size() > 4 ? inputs.get(4) : null;
        if (gates != null && !isFull()) {
            throw new IllegalArgumentException("gates apply to the full network; a sliced sub-network has none");
        }
        Step step = new Step(store, training, gates, params != null && params.contains(BLOCK_FEATURES));

        NDArray embedding = timeEmbedding(store, timesteps, x, training);
        NDArray maskColumn = tokenMask.expandDims(2);
        NDArray pooled = tokens.mul(maskColumn).sum(new int[] {1}).div(maskColumn.sum(new int[] {1}));
        embedding = embedding.add(linear(pooled, step.value(pooledText, x), step.value(pooledTextBias, x)));
        step.timeActivation = silu(embedding);
        step.context = linear(tokens, step.value(context, x), step.value(contextBias, x));
        step.contextBias = tokenMask.sub(1).mul(-PADDING_BIAS).expandDims(1).expandDims(1);

        NDArray h = conv(fold(x), step.value(stem, x), step.value(stemBias, x), 1);
        h = step.run(0, h);
        NDArray skip0 = h;
        h = conv(h, step.value(down0, x), step.value(down0Bias, x), 2);
        h = step.run(2, step.run(1, h));
        NDArray skip1 = h;
        h = conv(h, step.value(down1, x), step.value(down1Bias, x), 2);
        h = step.run(4, step.run(3, h));
        NDArray skip2 = h;
        h = step.run(6, step.run(5, h));
        h = step.run(8, step.run(7, concatChannels(h, skip2)));
        h = conv(upsample(h), step.value(up2, x), step.value(up2Bias, x), 1);
        h = step.run(10, step.run(9, concatChannels(h, skip1)));
        h = conv(upsample(h), step.value(up1, x), step.value(up1Bias, x), 1);
        h = step.run(12, step.run(11, concatChannels(h, skip0)));
        h = silu(groupNorm(h, architecture.groups(), step.value(headGamma, x), step.value(headBeta, x)));
        h = conv(h, step.value(head, x), step.value(headBias, x), 1);
        NDList output = new NDList(unfold(h));
        output.addAll(step.features);
        return output;
    }

    /** State shared by the blocks of one forward pass. */
    private final class Step {

        private final ParameterStore store;
        private final boolean training;
        private final NDArray gates;
        private final boolean keepFeatures;
        private final NDList features = new NDList();
        private NDArray timeActivation;
        private NDArray context;
        private NDArray contextBias;

        Step(ParameterStore store, boolean training, NDArray gates, boolean keepFeatures) {
            this.store = store;
            this.training = training;
            this.gates = gates;
            this.keepFeatures = keepFeatures;
        }

        NDArray value(Parameter parameter, NDArray like) {
            return LayerBlock.value(store, parameter, like, training);
        }

        /** Gated block {@code b} applied to x, its output kept as a feature when asked for. */
        NDArray run(int b, NDArray x) {
            NDArray out = apply(b, x);
            if (keepFeatures) {
                features.add(out);
            }
            return out;
        }

        /** Gated block {@code b} applied to x: x itself if the block is absent, blended by its depth gate. */
        private NDArray apply(int b, NDArray x) {
            LayerBlock block = blocks[b];
            if (block == null) {
                return x;
            }
            List<GateLayout.Segment> segments = layout.segments(b);
            NDArray blockGates = null;
            if (gates != null) {
                GateLayout.Segment last = segments.get(segments.size() - 1);
                blockGates = gates.get(":, " + segments.get(0).offset() + ":" + (last.offset() + last.count()));
            }
            NDArray out = block instanceof ResidualBlock residual
                    ? residual.apply(store, x, timeActivation, blockGates, training)
                    : ((SpatialTransformer) block).apply(store, x, context, contextBias, blockGates, training);
            int depth = layout.depthGate(b);
            if (gates == null || depth < 0 || out.getShape().get(1) != x.getShape().get(1)) {
                return out;
            }
            NDArray d = gates.get(":, " + depth).reshape(-1, 1, 1, 1);
            return x.add(out.sub(x).mul(d));
        }
    }

    private NDArray timeEmbedding(ParameterStore store, NDArray timesteps, NDArray like, boolean training) {
        int half = architecture.timeDimension() / 2;
        float[] frequencies = new float[half];
        for (int i = 0; i < half; i++) {
            frequencies[i] = (float) Math.exp(-Math.log(10_000) * i / half);
        }
        NDArray arguments = timesteps.expandDims(1).mul(timesteps.getManager().create(frequencies).expandDims(0));
        NDArray sinusoid = arguments.sin().concat(arguments.cos(), 1);
        NDArray h = silu(linear(sinusoid, value(store, time1, like, training), value(store, time1Bias, like, training)));
        return linear(h, value(store, time2, like, training), value(store, time2Bias, like, training));
    }

    /** [B, 3, S, S] → [B, 12, S/2, S/2]: each 2×2 patch into channels. */
    private static NDArray fold(NDArray x) {
        long b = x.getShape().get(0);
        long c = x.getShape().get(1);
        long s = x.getShape().get(2) / FOLD;
        return x.reshape(b, c, s, FOLD, s, FOLD).transpose(0, 1, 3, 5, 2, 4).reshape(b, c * FOLD * FOLD, s, s);
    }

    /** The inverse of {@link #fold}. */
    private static NDArray unfold(NDArray x) {
        long b = x.getShape().get(0);
        long c = x.getShape().get(1) / (FOLD * FOLD);
        long s = x.getShape().get(2);
        return x.reshape(b, c, FOLD, FOLD, s, s).transpose(0, 1, 4, 2, 5, 3).reshape(b, c, s * FOLD, s * FOLD);
    }

    private static NDArray upsample(NDArray x) {
        return x.repeat(2, 2).repeat(3, 2);
    }

    /** Fills this sub-network's weights from a full network: kept widths sliced, everything else copied. */
    public void sliceFrom(GatedUNet full) {
        if (!full.isFull()) {
            throw new IllegalArgumentException("slice from the full network");
        }
        for (int p = 0; p < getDirectParameters().size(); p++) {
            Slicing.copy(full.getDirectParameters().valueAt(p), getDirectParameters().valueAt(p));
        }
        for (int b = 0; b < blocks.length; b++) {
            if (blocks[b] instanceof ResidualBlock residual) {
                residual.sliceFrom((ResidualBlock) full.blocks[b],
                        structure.keptIndices(layout.segments(b).get(0)));
            } else if (blocks[b] instanceof SpatialTransformer transformer) {
                List<GateLayout.Segment> segments = layout.segments(b);
                transformer.sliceFrom((SpatialTransformer) full.blocks[b], structure.keptIndices(segments.get(0)),
                        structure.keptIndices(segments.get(1)), structure.keptIndices(segments.get(2)));
            }
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (LayerBlock block : blocks) {
            if (block != null) {
                block.initialize(manager, dataType, inputShapes);
            }
        }
    }
}
