package io.thalamus.diffusion.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * Base of the UNet's blocks: parameters with explicit shapes, created up front (so a narrower copy of a block is
 * the same class built with smaller widths), and the functional layers the blocks are written with. Inner blocks
 * are called through their own typed methods, not {@link #forwardInternal}.
 */
abstract class LayerBlock extends AbstractBlock {

    private static final float EPSILON = 1e-5f;

    protected final Parameter weight(String name, Shape shape) {
        long fanIn = shape.size() / shape.get(0);
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(shape)
                .optInitializer(new NormalInitializer((float) Math.sqrt(1.0 / fanIn))).build());
    }

    /** A weight that starts at zero: the last layer of a residual branch, so every block starts as identity. */
    protected final Parameter zeroWeight(String name, Shape shape) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(shape)
                .optInitializer(Initializer.ZEROS).build());
    }

    protected final Parameter bias(String name, long size) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.BIAS)
                .optShape(new Shape(size)).build());
    }

    protected final Parameter gamma(String name, long size) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.GAMMA)
                .optShape(new Shape(size)).build());
    }

    protected final Parameter beta(String name, long size) {
        return addParameter(Parameter.builder().setName(name).setType(Parameter.Type.BETA)
                .optShape(new Shape(size)).build());
    }

    protected static NDArray value(ParameterStore store, Parameter parameter, NDArray like, boolean training) {
        return store.getValue(parameter, like.getDevice(), training);
    }

    protected static NDArray conv(NDArray x, NDArray weight, NDArray bias, int stride) {
        int pad = (int) weight.getShape().get(2) / 2;
        return Conv2d.conv2d(x, weight, bias, new Shape(stride, stride), new Shape(pad, pad), new Shape(1, 1))
                .head();
    }

    protected static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return bias == null ? Linear.linear(x, weight).head() : Linear.linear(x, weight, bias).head();
    }

    protected static NDArray silu(NDArray x) {
        return x.mul(Activation.sigmoid(x));
    }

    protected static NDArray gelu(NDArray x) {
        return Activation.gelu(x);
    }

    /**
     * GroupNorm of [B, C, H, W] with {@code groups} groups and a per-channel affine. Groups are normalised
     * independently, so removing whole groups leaves the others' outputs unchanged.
     */
    protected static NDArray groupNorm(NDArray x, int groups, NDArray gamma, NDArray beta) {
        Shape shape = x.getShape();
        long batch = shape.get(0);
        long channels = shape.get(1);
        long perGroup = shape.size() / batch / groups;
        NDManager manager = x.getManager();
        NDArray normalised = LayerNorm.layerNorm(x.reshape(batch, groups, perGroup), new Shape(perGroup),
                manager.ones(new Shape(perGroup)), manager.zeros(new Shape(perGroup)), EPSILON).head();
        return normalised.reshape(shape).mul(gamma.reshape(1, channels, 1, 1)).add(beta.reshape(1, channels, 1, 1));
    }

    protected static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta) {
        return LayerNorm.layerNorm(x, new Shape(gamma.getShape().get(0)), gamma, beta, EPSILON).head();
    }

    protected static NDArray concatChannels(NDArray a, NDArray b) {
        return NDArrays.concat(new NDList(a, b), 1);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " is called through its own methods");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // parameters have explicit shapes; children are initialised by their owners
    }
}
