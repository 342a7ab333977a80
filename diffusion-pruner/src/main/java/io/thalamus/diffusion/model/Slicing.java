package io.thalamus.diffusion.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/** Copies trained weights, whole or only some rows/columns of one axis, into the parameters of a narrower block. */
final class Slicing {

    private Slicing() {
    }

    /** Indices of the units of kept gates, each gate covering {@code width} consecutive units. */
    static int[] expand(int[] keptGates, int width) {
        int[] units = new int[keptGates.length * width];
        for (int i = 0; i < keptGates.length; i++) {
            for (int j = 0; j < width; j++) {
                units[i * width + j] = keptGates[i] * width + j;
            }
        }
        return units;
    }

    static void copy(Parameter from, Parameter to) {
        requireSameShape(from.getArray().getShape(), to.getArray().getShape(), from.getName());
        to.getArray().set(from.getArray().toFloatArray());
    }

    /** Copies the entries whose index along {@code axis} is in {@code kept}, in that order. */
    static void copy(Parameter from, Parameter to, int axis, int[] kept) {
        NDArray source = from.getArray();
        Shape shape = source.getShape();
        long[] dims = shape.getShape();
        long outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= dims[d];
        }
        long inner = 1;
        for (int d = axis + 1; d < dims.length; d++) {
            inner *= dims[d];
        }
        long[] slicedDims = dims.clone();
        slicedDims[axis] = kept.length;
        requireSameShape(new Shape(slicedDims), to.getArray().getShape(), from.getName());
        float[] values = source.toFloatArray();
        float[] sliced = new float[(int) (outer * kept.length * inner)];
        int position = 0;
        for (long o = 0; o < outer; o++) {
            for (int index : kept) {
                long start = (o * dims[axis] + index) * inner;
                System.arraycopy(values, (int) start, sliced, position, (int) inner);
                position += (int) inner;
            }
        }
        to.getArray().set(sliced);
    }

    private static void requireSameShape(Shape expected, Shape actual, String name) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException("parameter '" + name + "' sliced to " + expected + " does not fit "
                    + actual);
        }
    }
}
