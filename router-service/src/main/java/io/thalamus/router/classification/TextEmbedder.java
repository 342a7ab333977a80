package io.thalamus.router.classification;

/**
 * Turns a text into a fixed-size sentence vector. The classifier only needs this much of an
 * encoder, so any sentence encoder (this package's ONNX one, or a shared one) can stand behind it.
 * Implementations must be safe to call from several threads at once.
 */
public interface TextEmbedder extends AutoCloseable {

    /** Name of the encoder; stored with the trained weights so a mismatch is caught at load time. */
    String name();

    int dimension();

    float[] embed(String text);

    @Override
    void close();
}
