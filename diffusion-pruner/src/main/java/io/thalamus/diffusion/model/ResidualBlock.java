package io.thalamus.diffusion.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

/**
 * A residual block conditioned on the time embedding: out = skip(x) + conv2(gate · SiLU(GN2(conv1(SiLU(GN1(x)))
 * + time))). Its hidden channels come in GroupNorm groups of {@code groupWidth}; a gate scales a whole group, and a
 * narrower copy keeps only some groups, which computes exactly what the gated block computes.
 */
final class ResidualBlock extends LayerBlock {

    private final int in;
    private final int out;
    private final int groups;
    private final int inputGroups;
    private final int groupWidth;
    private final Parameter norm1Gamma;
    private final Parameter norm1Beta;
    private final Parameter conv1;
    private final Parameter conv1Bias;
    private final Parameter time;
    private final Parameter timeBias;
    private final Parameter norm2Gamma;
    private final Parameter norm2Beta;
    private final Parameter conv2;
    private final Parameter conv2Bias;
    private final Parameter skip;
    private final Parameter skipBias;

    /**
     * @param groups      hidden groups this copy keeps
     * @param inputGroups GroupNorm groups over the input
     */
    ResidualBlock(int in, int out, int groups, int groupWidth, int inputGroups, int timeDimension) {
        this.in = in;
        this.out = out;
        this.groups = groups;
        this.inputGroups = inputGroups;
        this.groupWidth = groupWidth;
        int hidden = groups * groupWidth;
        norm1Gamma = gamma("norm1_gamma", in);
        norm1Beta = beta("norm1_beta", in);
        conv1 = weight("conv1", new Shape(hidden, in, 3, 3));
        conv1Bias = bias("conv1_bias", hidden);
        time = weight("time", new Shape(hidden, timeDimension));
        timeBias = bias("time_bias", hidden);
        norm2Gamma = gamma("norm2_gamma", hidden);
        norm2Beta = beta("norm2_beta", hidden);
        conv2 = zeroWeight("conv2", new Shape(out, hidden, 3, 3));
        conv2Bias = bias("conv2_bias", out);
        skip = in == out ? null : weight("skip", new Shape(out, in, 1, 1));
        skipBias = in == out ? null : bias("skip_bias", out);
    }

    /**
     * @param x     [B, in, H, W]
     * @param time  SiLU of the time embedding, [B, T]
     * @param gates one value per hidden group, [B, groups], or null for none
     */
    NDArray apply(ParameterStore store, NDArray x, NDArray timeActivation, NDArray gates, boolean training) {
        NDArray h = silu(groupNorm(x, inputGroups, value(store, norm1Gamma, x, training),
                value(store, norm1Beta, x, training)));
        h = conv(h, value(store, conv1, x, training), value(store, conv1Bias, x, training), 1);
        NDArray t = linear(timeActivation, value(store, time, x, training), value(store, timeBias, x, training));
        h = h.add(t.expandDims(2).expandDims(3));
        h = silu(groupNorm(h, groups, value(store, norm2Gamma, x, training), value(store, norm2Beta, x, training)));
        if (gates != null) {
            h = h.mul(gates.repeat(1, groupWidth).expandDims(2).expandDims(3));
        }
        h = conv(h, value(store, conv2, x, training), value(store, conv2Bias, x, training), 1);
        NDArray shortcut = skip == null ? x
                : conv(x, value(store, skip, x, training), value(store, skipBias, x, training), 1);
        return shortcut.add(h);
    }

    /** Copies the weights of the kept hidden groups of a full block into this narrower one. */
    void sliceFrom(ResidualBlock full, int[] keptGroups) {
        int[] channels = Slicing.expand(keptGroups, groupWidth);
        Slicing.copy(full.norm1Gamma, norm1Gamma);
        Slicing.copy(full.norm1Beta, norm1Beta);
        Slicing.copy(full.conv1, conv1, 0, channels);
        Slicing.copy(full.conv1Bias, conv1Bias, 0, channels);
        Slicing.copy(full.time, time, 0, channels);
        Slicing.copy(full.timeBias, timeBias, 0, channels);
        Slicing.copy(full.norm2Gamma, norm2Gamma, 0, channels);
        Slicing.copy(full.norm2Beta, norm2Beta, 0, channels);
        Slicing.copy(full.conv2, conv2, 1, channels);
        Slicing.copy(full.conv2Bias, conv2Bias);
        if (skip != null) {
            Slicing.copy(full.skip, skip);
            Slicing.copy(full.skipBias, skipBias);
        }
    }

    int in() {
        return in;
    }

    int out() {
        return out;
    }
}
