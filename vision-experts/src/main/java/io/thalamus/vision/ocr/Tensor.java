package io.thalamus.vision.ocr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;

import java.nio.FloatBuffer;

/** A dense float tensor in row-major order, the one input and the one output of the OCR models. */
record Tensor(float[] data, long[] shape) {

    int dim(int axis) {
        return (int) shape[axis];
    }

    /** Passes a tensor to a single-input model and copies its single output back to the heap. */
    static final class PassThrough implements Translator<Tensor, Tensor> {

        @Override
        public NDList processInput(TranslatorContext ctx, Tensor input) {
            NDArray array = ctx.getNDManager().create(FloatBuffer.wrap(input.data()), new Shape(input.shape()));
            return new NDList(array);
        }

        @Override
        public Tensor processOutput(TranslatorContext ctx, NDList list) {
            NDArray output = list.singletonOrThrow();
            return new Tensor(output.toFloatArray(), output.getShape().getShape());
        }

        @Override
        public Batchifier getBatchifier() {
            return null;
        }
    }
}
