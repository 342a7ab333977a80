package io.thalamus.vision.ocr;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;

/** The OCR expert's models and how it runs them (PP-OCRv4 defaults, as PaddleOCR's). */
@ConfigMapping(prefix = "thalamus.ocr")
public interface OcrConfig {

    /** Detection model (ONNX) on the classpath; the build fetches the PP-OCRv4 models. */
    @WithDefault(OcrSettings.MODEL_DIR + "ch_PP-OCRv4_det_infer.onnx")
    String detectionModel();

    /** Recognition model (ONNX) on the classpath. */
    @WithDefault(OcrSettings.MODEL_DIR + "ch_PP-OCRv4_rec_infer.onnx")
    String recognitionModel();

    /** The recognition model's characters, one a line (class i + 1 is line i; the last class is a space). */
    @WithDefault(OcrSettings.MODEL_DIR + "ppocr_keys_v1.txt")
    String dictionary();

    /** Images whose longest side is longer are scaled down to it for detection. */
    @WithDefault("960")
    int detectionMaxSide();

    /** Images whose longest side is shorter are scaled up to it for detection. */
    @WithDefault("64")
    int detectionMinSide();

    /** Text probability above which a pixel belongs to a text region. */
    @WithDefault("0.3")
    double binaryThreshold();

    /** Mean text probability a region needs to be kept. */
    @WithDefault("0.6")
    double boxThreshold();

    /** How far a region's box is grown: unclip-ratio × area / perimeter on every side. */
    @WithDefault("1.5")
    double unclipRatio();

    /** Smallest region, in probability-map pixels. */
    @WithDefault("10")
    int minRegionPixels();

    /** Regions whose box is thinner, in pixels, are dropped. */
    @WithDefault("3")
    double minBoxSide();

    /** Line height the recognition model reads. */
    @WithDefault("48")
    int recognitionHeight();

    /** Longest line width fed to recognition, in pixels at that height (longer lines are squeezed). */
    @WithDefault("1600")
    int recognitionMaxWidth();

    /**
     * Lines recognised per forward pass (sorted by aspect ratio, padded to the widest). On CPU one line per pass is
     * fastest (docs/benchmarks.md); larger batches are for accelerators.
     */
    @WithDefault("1")
    int recognitionBatchSize();

    /** Lines recognised with a lower mean character probability are dropped. */
    @WithDefault("0.5")
    double minLineConfidence();

    /** Smallest ink-free gap between two characters read as a space, as a fraction of the line height. */
    @WithDefault("0.25")
    double spaceGap();

    /** ONNX Runtime threads per forward pass. */
    @WithDefault("1")
    int intraOpThreads();

    /** Forward passes that may run at once (one predictor each). */
    @WithDefault("1")
    int predictors();

    /** Where DJL unpacks its native libraries. */
    @WithDefault("${thalamus.data-dir:${thalamus.build.dir:${java.io.tmpdir}}}/djl-cache")
    Path djlCacheDir();

    default OcrSettings settings() {
        return new OcrSettings(detectionModel(), recognitionModel(), dictionary(), detectionMaxSide(),
                detectionMinSide(), binaryThreshold(), boxThreshold(), unclipRatio(), minRegionPixels(), minBoxSide(),
                recognitionHeight(), recognitionMaxWidth(), recognitionBatchSize(), minLineConfidence(), spaceGap(),
                intraOpThreads(), predictors(), djlCacheDir());
    }
}
