package io.thalamus.vision.ocr;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Detection, then recognition, of the text in images (PP-OCRv4 on ONNX Runtime through DJL). Thread-safe. Several
 * images are detected one by one (their sizes differ) but all their lines are recognised together, in batches.
 */
public final class OcrEngine implements AutoCloseable {

    private final OcrSettings settings;
    private final OnnxModel detectionModel;
    private final OnnxModel recognitionModel;
    private final TextDetector detector;
    private final TextRecognizer recognizer;
    private final LongAdder detectionNanos = new LongAdder();
    private final LongAdder recognitionNanos = new LongAdder();

    public OcrEngine(OcrSettings settings) {
        this.settings = settings;
        this.detectionModel = new OnnxModel("ocr-detection", settings.detectionModel(), settings.predictors(),
                settings.intraOpThreads(), settings.djlCacheDir());
        try {
            this.recognitionModel = new OnnxModel("ocr-recognition", settings.recognitionModel(),
                    settings.predictors(), settings.intraOpThreads(), settings.djlCacheDir());
        } catch (RuntimeException e) {
            detectionModel.close();
            throw e;
        }
        this.detector = new TextDetector(detectionModel, settings);
        this.recognizer = new TextRecognizer(recognitionModel, settings);
    }

    public OcrSettings settings() {
        return settings;
    }

    public OcrOutput read(BufferedImage image) {
        return readAll(List.of(image)).get(0);
    }

    /** The text of each image, in order. */
    public List<OcrOutput> readAll(List<BufferedImage> images) {
        List<List<Quad>> regions = new ArrayList<>(images.size());
        List<BufferedImage> crops = new ArrayList<>();
        long start = System.nanoTime();
        for (BufferedImage image : images) {
            List<Quad> quads = new ArrayList<>();
            detector.detect(image).forEach(detection -> quads.add(detection.quad()));
            List<Quad> ordered = ReadingOrder.sort(quads);
            regions.add(ordered);
            int w = image.getWidth();
            int h = image.getHeight();
            int[] pixels = image.getRGB(0, 0, w, h, null, 0, w);
            for (Quad quad : ordered) {
                crops.add(LineCropper.crop(pixels, w, h, quad));
            }
        }
        long detected = System.nanoTime();
        List<TextRecognizer.Reading> readings = crops.isEmpty() ? List.of() : recognizer.read(crops);
        detectionNanos.add(detected - start);
        recognitionNanos.add(System.nanoTime() - detected);
        List<OcrOutput> outputs = new ArrayList<>(images.size());
        int next = 0;
        for (int i = 0; i < images.size(); i++) {
            List<OcrLine> lines = new ArrayList<>();
            for (Quad quad : regions.get(i)) {
                TextRecognizer.Reading reading = readings.get(next++);
                if (!reading.text().isEmpty() && reading.confidence() >= settings.minLineConfidence()) {
                    lines.add(new OcrLine(reading.text(), round(reading.confidence()), quad.points()));
                }
            }
            outputs.add(OcrOutput.of(lines, images.get(i).getWidth(), images.get(i).getHeight()));
        }
        return outputs;
    }

    /** Time spent so far in detection (with cropping) and in recognition, in nanoseconds, over all calls. */
    public long[] stageNanos() {
        return new long[] {detectionNanos.sum(), recognitionNanos.sum()};
    }

    @Override
    public void close() {
        detectionModel.close();
        recognitionModel.close();
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
