package io.thalamus.router.classification;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A sentence encoder run by DJL's ONNX Runtime engine from the {@code <name>.onnx} and
 * {@code <name>-tokenizer.json} resources of a langchain4j embeddings jar on the classpath.
 * Every text is encoded alone (batch of one): quantised models give slightly different vectors
 * inside a padded batch, and training must see exactly what production sees.
 */
public final class OnnxTextEmbedder implements TextEmbedder {

    public enum Pooling { CLS, MEAN }

    private final String name;
    private final Pooling pooling;
    private final Model model;
    private final Block block;
    private final HuggingFaceTokenizer tokenizer;
    private final int dimension;

    private OnnxTextEmbedder(String name, Pooling pooling, Model model, HuggingFaceTokenizer tokenizer) {
        this.name = name;
        this.pooling = pooling;
        this.model = model;
        this.block = model.getBlock();
        this.tokenizer = tokenizer;
        this.dimension = rawEmbedding("dimension probe").length;
    }

    /**
     * @param name       resource base name, e.g. {@code bge-small-en-v1.5-q}
     * @param maxTokens  longer inputs are truncated to this many tokens
     * @param threads    ONNX Runtime intra-op threads (1 on a shared machine)
     */
    public static OnnxTextEmbedder fromClasspath(String name, Pooling pooling, int maxTokens, int threads) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : OnnxTextEmbedder.class.getClassLoader();
        HuggingFaceTokenizer tokenizer;
        try (InputStream json = open(loader, name + "-tokenizer.json")) {
            tokenizer = HuggingFaceTokenizer.newInstance(json, Map.of(
                    "truncation", "true",
                    "padding", "false",
                    "maxLength", Integer.toString(maxTokens),
                    "addSpecialTokens", "true"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokenizer of encoder " + name, e);
        }
        Model model = Model.newInstance(name, Device.cpu(), "OnnxRuntime");
        try (InputStream onnx = open(loader, name + ".onnx")) {
            model.load(onnx, Map.of(
                    "interOpNumThreads", Integer.toString(threads),
                    "intraOpNumThreads", Integer.toString(threads)));
        } catch (IOException | MalformedModelException e) {
            model.close();
            tokenizer.close();
            throw new IllegalStateException("cannot load encoder " + name + ": " + e.getMessage(), e);
        }
        return new OnnxTextEmbedder(name, pooling, model, tokenizer);
    }

    private static InputStream open(ClassLoader loader, String resource) throws IOException {
        InputStream in = loader.getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("resource " + resource + " is not on the classpath");
        }
        return in;
    }

    @Override
    public String name() {
        return name + "/" + pooling.name().toLowerCase();
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public float[] embed(String text) {
        float[] vector = rawEmbedding(text);
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        float scale = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
        for (int i = 0; i < vector.length; i++) {
            vector[i] *= scale;
        }
        return vector;
    }

    private float[] rawEmbedding(String text) {
        Encoding encoding = tokenizer.encode(text);
        long[] ids = encoding.getIds();
        long[] mask = encoding.getAttentionMask();
        int tokens = ids.length;
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray inputIds = manager.create(ids).reshape(1, tokens);
            inputIds.setName("input_ids");
            NDArray attention = manager.create(mask).reshape(1, tokens);
            attention.setName("attention_mask");
            NDArray types = manager.create(encoding.getTypeIds()).reshape(1, tokens);
            types.setName("token_type_ids");
            NDList output = block.forward(new ParameterStore(manager, false),
                    new NDList(inputIds, attention, types), false);
            float[] hidden = output.get(0).toFloatArray();
            int width = hidden.length / tokens;
            float[] pooled = new float[width];
            if (pooling == Pooling.CLS) {
                System.arraycopy(hidden, 0, pooled, 0, width);
            } else {
                int counted = 0;
                for (int t = 0; t < tokens; t++) {
                    if (mask[t] == 0) {
                        continue;
                    }
                    counted++;
                    for (int d = 0; d < width; d++) {
                        pooled[d] += hidden[t * width + d];
                    }
                }
                for (int d = 0; d < width; d++) {
                    pooled[d] /= Math.max(1, counted);
                }
            }
            return pooled;
        }
    }

    @Override
    public void close() {
        model.close();
        tokenizer.close();
    }
}
