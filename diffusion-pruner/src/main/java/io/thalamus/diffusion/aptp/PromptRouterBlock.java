package io.thalamus.diffusion.aptp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

import java.util.Random;

/**
 * APTP's learnable parts: one linear layer from a prompt's pooled sentence vector z to gate logits, e = W·z + b
 * (W orthogonal at the start, b zero), and K architecture codes A_k, each a vector of gate logits. Forward maps
 * prompt vectors [B, d] to gate logits [B, D] and also returns the codes [K, D], so that a trainer's forward pass
 * reaches both.
 */
public final class PromptRouterBlock extends AbstractBlock {

    /*
     * Codes start around the gates' threshold (the gate function adds 3), each keeping a different random half of
     * the gates: identical codes would tie in every similarity and the assignment could not tell them apart.
     */
    private static final double CODE_MEAN = -3;
    private static final double CODE_DEVIATION = 1.5;

    private final Parameter weight;
    private final Parameter bias;
    private final Parameter codes;

    public PromptRouterBlock(int promptDimension, int gates, int codeCount, long seed) {
        weight = addParameter(Parameter.builder().setName("head").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(gates, promptDimension))
                .optInitializer((manager, shape, type) -> manager.create(orthogonalRows(gates, promptDimension,
                        seed), shape)).build());
        bias = addParameter(Parameter.builder().setName("head_bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(gates)).optInitializer(Initializer.ZEROS).build());
        codes = addParameter(Parameter.builder().setName("codes").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(codeCount, gates))
                .optInitializer((manager, shape, type) -> manager.create(gaussian(codeCount * gates, CODE_MEAN,
                        CODE_DEVIATION, seed + 1), shape)).build());
    }

    public int codeCount() {
        return (int) codes.getShape().get(0);
    }

    /** The codes' gate logits [K, D], the parameter itself: writing to it changes the codes. */
    public NDArray codeLogits() {
        return codes.getArray();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray z = inputs.head();
        NDArray w = store.getValue(weight, z.getDevice(), training);
        NDArray b = store.getValue(bias, z.getDevice(), training);
        return new NDList(z.matMul(w.transpose()).add(b), store.getValue(codes, z.getDevice(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), weight.getShape().get(0)), codes.getShape()};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // no children
    }

    /** {@code rows} orthonormal rows of length {@code columns} (Gram-Schmidt on Gaussian vectors), row-major. */
    static float[] orthogonalRows(int rows, int columns, long seed) {
        if (rows > columns) {
            throw new IllegalArgumentException("at most " + columns + " orthogonal rows of length " + columns);
        }
        Random random = new Random(seed);
        double[][] basis = new double[rows][columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                basis[r][c] = random.nextGaussian();
            }
            for (int previous = 0; previous < r; previous++) {
                double dot = 0;
                for (int c = 0; c < columns; c++) {
                    dot += basis[r][c] * basis[previous][c];
                }
                for (int c = 0; c < columns; c++) {
                    basis[r][c] -= dot * basis[previous][c];
                }
            }
            double norm = 0;
            for (int c = 0; c < columns; c++) {
                norm += basis[r][c] * basis[r][c];
            }
            norm = Math.sqrt(norm);
            for (int c = 0; c < columns; c++) {
                basis[r][c] /= norm;
            }
        }
        float[] flat = new float[rows * columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                flat[r * columns + c] = (float) basis[r][c];
            }
        }
        return flat;
    }

    private static float[] gaussian(int count, double mean, double deviation, long seed) {
        Random random = new Random(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (mean + random.nextGaussian() * deviation);
        }
        return values;
    }
}
