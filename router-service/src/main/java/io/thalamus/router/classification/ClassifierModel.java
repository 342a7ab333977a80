package io.thalamus.router.classification;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.thalamus.api.Json;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Trained task classifier weights with everything needed to use them: task order, which tasks
 * need an image, the feature settings, the calibration temperature and the production confidence
 * threshold. Stored as gzip: magic, format version, a JSON header, then the float weights.
 */
public final class ClassifierModel {

    private static final int MAGIC = 0x54484331; // "THC1"
    private static final int FORMAT = 1;

    /**
     * @param embeddingDimension length of the encoder's vector (0 without an encoder)
     * @param temperature        logits are divided by this before the softmax
     * @param threshold          production confidence threshold: below it the router abstains
     * @param training           provenance: data, protocol, hyper-parameters (informational)
     */
    public record Header(
            int format,
            List<String> tasks,
            List<String> imageTasks,
            FeatureConfig features,
            int embeddingDimension,
            double temperature,
            double threshold,
            Map<String, Object> training) {
    }

    private final Header header;
    private final float[] bias;
    private final float[] dense;
    private final float[] hashed;
    private final int denseSize;
    private final int buckets;
    private final boolean[] needsImage;

    public ClassifierModel(Header header, float[] bias, float[] dense, float[] hashed) {
        this.header = header;
        this.bias = bias;
        this.dense = dense;
        this.hashed = hashed;
        int classes = header.tasks().size();
        this.denseSize = denseSize(header.embeddingDimension());
        this.buckets = header.features().buckets();
        if (bias.length != classes || dense.length != classes * denseSize || hashed.length != classes * buckets) {
            throw new IllegalArgumentException("weights do not match the header: " + classes + " tasks, "
                    + denseSize + " dense features, " + buckets + " buckets");
        }
        this.needsImage = new boolean[classes];
        for (int k = 0; k < classes; k++) {
            needsImage[k] = header.imageTasks().contains(header.tasks().get(k));
        }
    }

    /** Dense features: the sentence vector, then the image-present flag. */
    public static int denseSize(int embeddingDimension) {
        return embeddingDimension + 1;
    }

    /** Builds the dense feature vector in the layout the weights expect. */
    public static float[] denseFeatures(FeatureConfig config, float[] embedding, int embeddingDimension, boolean hasImage) {
        float[] out = new float[denseSize(embeddingDimension)];
        if (embeddingDimension > 0) {
            for (int d = 0; d < embeddingDimension; d++) {
                out[d] = embedding[d] * config.embeddingScale();
            }
        }
        out[embeddingDimension] = hasImage ? config.imageScale() : 0f;
        return out;
    }

    /** Builds a model from a {@link SoftmaxRegression} parameter vector. */
    public static ClassifierModel fromParameters(Header header, double[] parameters) {
        int classes = header.tasks().size();
        int denseSize = denseSize(header.embeddingDimension());
        int buckets = header.features().buckets();
        float[] bias = new float[classes];
        float[] dense = new float[classes * denseSize];
        float[] hashed = new float[classes * buckets];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = (float) parameters[i];
        }
        for (int i = 0; i < dense.length; i++) {
            dense[i] = (float) parameters[classes + i];
        }
        for (int i = 0; i < hashed.length; i++) {
            hashed[i] = (float) parameters[classes + dense.length + i];
        }
        return new ClassifierModel(header, bias, dense, hashed);
    }

    public Header header() {
        return header;
    }

    public ClassifierModel withCalibration(double temperature, double threshold) {
        Header h = header;
        return new ClassifierModel(new Header(h.format(), h.tasks(), h.imageTasks(), h.features(),
                h.embeddingDimension(), temperature, threshold, h.training()), bias, dense, hashed);
    }

    public ClassifierModel withTraining(Map<String, Object> training) {
        Header h = header;
        return new ClassifierModel(new Header(h.format(), h.tasks(), h.imageTasks(), h.features(),
                h.embeddingDimension(), h.temperature(), h.threshold(), training), bias, dense, hashed);
    }

    /** Uncalibrated class scores. */
    public double[] logits(float[] denseFeatures, SparseFeatures sparse) {
        int classes = bias.length;
        double[] out = new double[classes];
        int[] index = sparse.index();
        float[] value = sparse.value();
        for (int k = 0; k < classes; k++) {
            double z = bias[k];
            int base = k * denseSize;
            for (int d = 0; d < denseSize; d++) {
                z += dense[base + d] * denseFeatures[d];
            }
            int hashBase = k * buckets;
            for (int j = 0; j < index.length; j++) {
                z += hashed[hashBase + index[j]] * value[j];
            }
            out[k] = z;
        }
        return out;
    }

    /**
     * Calibrated probabilities: softmax of {@code logits / temperature} over the tasks the request
     * can have: with an image only the image tasks, without one only the text tasks (the others get
     * probability 0). Every image in the training data is a question about it, so the text cannot
     * tell an image request's task apart from anything but other image tasks.
     *
     * @param allowed per task whether it may be chosen at all (null: all tasks)
     */
    public double[] probabilities(double[] logits, boolean hasImage, double temperature, boolean[] allowed) {
        return softmax(logits, temperature, possible(hasImage, allowed));
    }

    public boolean[] possible(boolean hasImage, boolean[] allowed) {
        boolean[] possible = new boolean[bias.length];
        for (int k = 0; k < possible.length; k++) {
            possible[k] = hasImage == needsImage[k] && (allowed == null || allowed[k]);
        }
        return possible;
    }

    static double[] softmax(double[] logits, double temperature, boolean[] possible) {
        double[] p = new double[logits.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < logits.length; k++) {
            if (possible[k]) {
                max = Math.max(max, logits[k] / temperature);
            }
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return p;
        }
        double sum = 0;
        for (int k = 0; k < logits.length; k++) {
            if (possible[k]) {
                p[k] = Math.exp(logits[k] / temperature - max);
                sum += p[k];
            }
        }
        for (int k = 0; k < logits.length; k++) {
            p[k] /= sum;
        }
        return p;
    }

    public void write(OutputStream target) throws IOException {
        ObjectMapper mapper = Json.newMapper();
        byte[] json = mapper.writeValueAsBytes(header);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(target), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeInt(json.length);
            out.write(json);
            writeFloats(out, bias);
            writeFloats(out, dense);
            writeFloats(out, hashed);
        }
    }

    public static ClassifierModel read(InputStream source) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(source), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new IOException("not a task classifier file (bad magic number)");
            }
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IOException("task classifier file format " + format + " is not supported (expected " + FORMAT + ")");
            }
            byte[] json = new byte[in.readInt()];
            in.readFully(json);
            Header header = Json.newMapper().readValue(new String(json, StandardCharsets.UTF_8), Header.class);
            int classes = header.tasks().size();
            float[] bias = readFloats(in, classes);
            float[] dense = readFloats(in, classes * denseSize(header.embeddingDimension()));
            float[] hashed = readFloats(in, classes * header.features().buckets());
            return new ClassifierModel(header, bias, dense, hashed);
        }
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        for (float v : values) {
            out.writeFloat(v);
        }
    }

    private static float[] readFloats(DataInputStream in, int count) throws IOException {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = in.readFloat();
        }
        return values;
    }
}
