package io.thalamus.vision.ocr;

import java.nio.file.Path;

/**
 * How the OCR pipeline runs; {@link OcrConfig} documents each setting (keys {@code thalamus.ocr.*}).
 */
public record OcrSettings(
        String detectionModel,
        String recognitionModel,
        String dictionary,
        int detectionMaxSide,
        int detectionMinSide,
        double binaryThreshold,
        double boxThreshold,
        double unclipRatio,
        int minRegionPixels,
        double minBoxSide,
        int recognitionHeight,
        int recognitionMaxWidth,
        int recognitionBatchSize,
        double minLineConfidence,
        double spaceGap,
        int intraOpThreads,
        int predictors,
        Path djlCacheDir) {

    public static final String MODEL_DIR = "ocr-models/package/assets/";

    /** PP-OCRv4 (detection + recognition) with PaddleOCR's default thresholds. */
    public static OcrSettings defaults(Path djlCacheDir) {
        return new OcrSettings(MODEL_DIR + "ch_PP-OCRv4_det_infer.onnx", MODEL_DIR + "ch_PP-OCRv4_rec_infer.onnx",
                MODEL_DIR + "ppocr_keys_v1.txt", 960, 64, 0.3, 0.6, 1.5, 10, 3, 48, 1600, 1, 0.5, 0.25, 1, 1,
                djlCacheDir);
    }

    public OcrSettings withThreads(int threads) {
        return new OcrSettings(detectionModel, recognitionModel, dictionary, detectionMaxSide, detectionMinSide,
                binaryThreshold, boxThreshold, unclipRatio, minRegionPixels, minBoxSide, recognitionHeight,
                recognitionMaxWidth, recognitionBatchSize, minLineConfidence, spaceGap, threads, predictors, djlCacheDir);
    }

    public OcrSettings withRecognitionBatchSize(int batchSize) {
        return new OcrSettings(detectionModel, recognitionModel, dictionary, detectionMaxSide, detectionMinSide,
                binaryThreshold, boxThreshold, unclipRatio, minRegionPixels, minBoxSide, recognitionHeight,
                recognitionMaxWidth, batchSize, minLineConfidence, spaceGap, intraOpThreads, predictors, djlCacheDir);
    }
}
