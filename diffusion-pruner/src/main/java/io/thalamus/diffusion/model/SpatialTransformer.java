package io.thalamus.diffusion.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

/**
 * A transformer over the positions of a feature map: self attention, cross attention to the prompt's token
 * vectors, and a feed-forward layer, each pre-normalised and residual, between 1×1 projections in and out, all
 * added to the input. Heads and feed-forward slices are gated one at a time; a narrower copy keeps only some of
 * them and computes exactly what the gated transformer computes.
 */
final class SpatialTransformer extends LayerBlock {

    private final int channels;
    private final int groups;
    private final int headWidth;
    private final int selfHeads;
    private final int crossHeads;
    private final int feedForwardSlice;
    private final Parameter normGamma;
    private final Parameter normBeta;
    private final Parameter projectIn;
    private final Parameter projectInBias;
    private final Attention self;
    private final Attention cross;
    private final Parameter norm3Gamma;
    private final Parameter norm3Beta;
    private final Parameter feedForward1;
    private final Parameter feedForward1Bias;
    private final Parameter feedForward2;
    private final Parameter feedForward2Bias;
    private final Parameter projectOut;
    private final Parameter projectOutBias;

    /**
     * @param selfHeads        self attention heads this copy keeps
     * @param crossHeads       cross attention heads this copy keeps
     * @param feedForwardGates feed-forward slices this copy keeps, each {@code feedForwardSlice} wide
     */
    SpatialTransformer(int channels, int groups, int headWidth, int selfHeads, int crossHeads, int feedForwardGates,
                       int feedForwardSlice, int contextDimension) {
        this.channels = channels;
        this.groups = groups;
        this.headWidth = headWidth;
        this.selfHeads = selfHeads;
        this.crossHeads = crossHeads;
        this.feedForwardSlice = feedForwardSlice;
        int inner = feedForwardGates * feedForwardSlice;
        normGamma = gamma("norm_gamma", channels);
        normBeta = beta("norm_beta", channels);
        projectIn = weight("project_in", new Shape(channels, channels));
        projectInBias = bias("project_in_bias", channels);
        self = new Attention("self", channels, channels, selfHeads);
        cross = new Attention("cross", channels, contextDimension, crossHeads);
        norm3Gamma = gamma("norm3_gamma", channels);
        norm3Beta = beta("norm3_beta", channels);
        feedForward1 = weight("feed_forward1", new Shape(inner, channels));
        feedForward1Bias = bias("feed_forward1_bias", inner);
        feedForward2 = weight("feed_forward2", new Shape(channels, inner));
        feedForward2Bias = bias("feed_forward2_bias", channels);
        projectOut = zeroWeight("project_out", new Shape(channels, channels));
        projectOutBias = bias("project_out_bias", channels);
    }

    /**
     * @param x           [B, C, H, W]
     * @param context     projected prompt token vectors [B, L, contextDimension]
     * @param contextBias 0 for real tokens, a large negative number for padding, [B, 1, 1, L]
     * @param gates       [B, selfHeads + crossHeads + feedForwardGates], or null for none
     */
    NDArray apply(ParameterStore store, NDArray x, NDArray context, NDArray contextBias, NDArray gates,
                  boolean training) {
        Shape shape = x.getShape();
        long batch = shape.get(0);
        long positions = shape.get(2) * shape.get(3);
        NDArray h = groupNorm(x, groups, value(store, normGamma, x, training), value(store, normBeta, x, training));
        h = h.reshape(batch, channels, positions).transpose(0, 2, 1);
        h = linear(h, value(store, projectIn, x, training), value(store, projectInBias, x, training));

        NDArray selfGates = gates == null ? null : gates.get(":, 0:" + selfHeads);
        NDArray crossGates = gates == null ? null : gates.get(":, " + selfHeads + ":" + (selfHeads + crossHeads));
        NDArray normalised = self.normalise(store, h, training);
        h = h.add(self.attend(store, normalised, normalised, null, selfGates, training));
        h = h.add(cross.attend(store, cross.normalise(store, h, training), context, contextBias, crossGates,
                training));

        NDArray f = layerNorm(h, value(store, norm3Gamma, x, training), value(store, norm3Beta, x, training));
        f = gelu(linear(f, value(store, feedForward1, x, training), value(store, feedForward1Bias, x, training)));
        if (gates != null) {
            f = f.mul(gates.get(":, " + (selfHeads + crossHeads) + ":").repeat(1, feedForwardSlice).expandDims(1));
        }
        h = h.add(linear(f, value(store, feedForward2, x, training), value(store, feedForward2Bias, x, training)));

        h = linear(h, value(store, projectOut, x, training), value(store, projectOutBias, x, training));
        return x.add(h.transpose(0, 2, 1).reshape(shape));
    }

    /** Copies the weights of the kept heads and feed-forward slices of a full transformer into this narrower one. */
    void sliceFrom(SpatialTransformer full, int[] keptSelfHeads, int[] keptCrossHeads, int[] keptFeedForward) {
        Slicing.copy(full.normGamma, normGamma);
        Slicing.copy(full.normBeta, normBeta);
        Slicing.copy(full.projectIn, projectIn);
        Slicing.copy(full.projectInBias, projectInBias);
        self.sliceFrom(full.self, Slicing.expand(keptSelfHeads, headWidth));
        cross.sliceFrom(full.cross, Slicing.expand(keptCrossHeads, headWidth));
        int[] units = Slicing.expand(keptFeedForward, feedForwardSlice);
        Slicing.copy(full.norm3Gamma, norm3Gamma);
        Slicing.copy(full.norm3Beta, norm3Beta);
        Slicing.copy(full.feedForward1, feedForward1, 0, units);
        Slicing.copy(full.feedForward1Bias, feedForward1Bias, 0, units);
        Slicing.copy(full.feedForward2, feedForward2, 1, units);
        Slicing.copy(full.feedForward2Bias, feedForward2Bias);
        Slicing.copy(full.projectOut, projectOut);
        Slicing.copy(full.projectOutBias, projectOutBias);
    }

    /** Multi-head attention with a pre-norm, gated per head; its parameters belong to the transformer. */
    private final class Attention {

        private final int heads;
        private final Parameter normGamma;
        private final Parameter normBeta;
        private final Parameter query;
        private final Parameter key;
        private final Parameter valueWeight;
        private final Parameter output;
        private final Parameter outputBias;

        Attention(String name, int channels, int sourceDimension, int heads) {
            this.heads = heads;
            int width = heads * headWidth;
            normGamma = gamma(name + "_norm_gamma", channels);
            normBeta = beta(name + "_norm_beta", channels);
            query = weight(name + "_query", new Shape(width, channels));
            key = weight(name + "_key", new Shape(width, sourceDimension));
            valueWeight = weight(name + "_value", new Shape(width, sourceDimension));
            output = weight(name + "_output", new Shape(channels, width));
            outputBias = bias(name + "_output_bias", channels);
        }

        NDArray normalise(ParameterStore store, NDArray h, boolean training) {
            return layerNorm(h, value(store, normGamma, h, training), value(store, normBeta, h, training));
        }

        NDArray attend(ParameterStore store, NDArray queries, NDArray source, NDArray bias, NDArray gates,
                       boolean training) {
            long batch = queries.getShape().get(0);
            long n = queries.getShape().get(1);
            long m = source.getShape().get(1);
            NDArray q = split(linear(queries, value(store, query, queries, training), null), batch, n);
            NDArray k = split(linear(source, value(store, key, queries, training), null), batch, m);
            NDArray v = split(linear(source, value(store, valueWeight, queries, training), null), batch, m);
            NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(1.0 / Math.sqrt(headWidth));
            if (bias != null) {
                scores = scores.add(bias);
            }
            NDArray attended = scores.softmax(-1).matMul(v); // [B, heads, n, headWidth]
            if (gates != null) {
                attended = attended.mul(gates.expandDims(2).expandDims(3));
            }
            attended = attended.transpose(0, 2, 1, 3).reshape(batch, n, (long) heads * headWidth);
            return linear(attended, value(store, output, queries, training),
                    value(store, outputBias, queries, training));
        }

        private NDArray split(NDArray x, long batch, long length) {
            return x.reshape(batch, length, heads, headWidth).transpose(0, 2, 1, 3);
        }

        void sliceFrom(Attention full, int[] units) {
            Slicing.copy(full.normGamma, normGamma);
            Slicing.copy(full.normBeta, normBeta);
            Slicing.copy(full.query, query, 0, units);
            Slicing.copy(full.key, key, 0, units);
            Slicing.copy(full.valueWeight, valueWeight, 0, units);
            Slicing.copy(full.output, output, 1, units);
            Slicing.copy(full.outputBias, outputBias);
        }
    }
}
