package io.thalamus.vision.ocr;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import io.thalamus.model.DjlEnvironment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/** An ONNX model on DJL's ONNX Runtime engine with a fixed pool of predictors, so callers on several threads share it. */
final class OnnxModel implements AutoCloseable {

    private static final String DISABLE_ALTERNATIVE = "ai.djl.onnx.disable_alternative";

    private final Model model;
    private final List<Predictor<Tensor, Tensor>> predictors = new ArrayList<>();
    private final BlockingQueue<Predictor<Tensor, Tensor>> idle;

    OnnxModel(String name, String resource, int predictorCount, int intraOpThreads, Path djlCacheDir) {
        DjlEnvironment.prepare(djlCacheDir);
        // The OCR models need no other engine. Without this, DJL's ONNX Runtime engine loads PyTorch (when on the
        // classpath) as its fallback, whose native libraries can then not load again in another class loader of
        // the same JVM (the scene expert's, in tests that start both).
        if (System.getProperty(DISABLE_ALTERNATIVE) == null) {
            System.setProperty(DISABLE_ALTERNATIVE, "true");
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : OnnxModel.class.getClassLoader();
        this.model = Model.newInstance(name, "OnnxRuntime");
        try (InputStream bytes = loader.getResourceAsStream(resource)) {
            if (bytes == null) {
                throw new IllegalStateException("The OCR model resource '" + resource + "' is not on the classpath; "
                        + "the vision-experts build fetches it (download-maven-plugin, execution ocr-models)");
            }
            model.load(bytes, Map.of("interOpNumThreads", "1", "intraOpNumThreads", Integer.toString(intraOpThreads)));
            this.idle = new ArrayBlockingQueue<>(predictorCount);
            for (int i = 0; i < predictorCount; i++) {
                Predictor<Tensor, Tensor> predictor = model.newPredictor(new Tensor.PassThrough());
                predictors.add(predictor);
                idle.add(predictor);
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot load the OCR model " + resource, e);
        } catch (MalformedModelException e) {
            close();
            throw new IllegalStateException(resource + " is not a valid ONNX model", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    Tensor run(Tensor input) {
        Predictor<Tensor, Tensor> predictor;
        try {
            predictor = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a predictor", e);
        }
        try {
            return predictor.predict(input);
        } catch (TranslateException e) {
            throw new IllegalStateException("inference failed: " + e.getMessage(), e);
        } finally {
            idle.add(predictor);
        }
    }

    @Override
    public void close() {
        predictors.forEach(Predictor::close);
        model.close();
    }
}
