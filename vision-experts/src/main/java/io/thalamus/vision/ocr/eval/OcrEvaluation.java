package io.thalamus.vision.ocr.eval;

import io.thalamus.vision.ocr.OcrEngine;
import io.thalamus.vision.ocr.OcrOutput;
import io.thalamus.vision.ocr.OcrSettings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Character and word accuracy of an OCR engine on seeded rendered text ({@link TextImageGenerator}): character
 * accuracy is 1 − (edit distance between recognised and true text, summed) / (true characters, summed); word
 * accuracy is the same over words (1 − word error rate); exact is the share of images read exactly. All
 * case-sensitive. Images are read {@code batch} at a time, their lines recognised together.
 */
public final class OcrEvaluation {

    private OcrEvaluation() {
    }

    /**
     * The OCR section of {@code ./thalamus eval-vision}: evaluates the configured PP-OCRv4 pipeline, prints the
     * report and returns the summary pair {@code ocr_char_accuracy=…}. Options: ocr-samples (default 500), ocr-seed
     * (default 11), ocr-rotation (largest rotation in degrees, default 4), ocr-batch (images per call, default 8),
     * ocr-threads (ONNX Runtime threads, default 1).
     */
    public static List<String> section(Map<String, String> options, Path djlCacheDir) {
        int samples = Integer.parseInt(options.getOrDefault("ocr-samples", "500"));
        long seed = Long.parseLong(options.getOrDefault("ocr-seed", "11"));
        double rotation = Double.parseDouble(options.getOrDefault("ocr-rotation", "4"));
        int batch = Integer.parseInt(options.getOrDefault("ocr-batch", "8"));
        int threads = Integer.parseInt(options.getOrDefault("ocr-threads", "1"));
        try (OcrEngine engine = new OcrEngine(OcrSettings.defaults(djlCacheDir).withThreads(threads))) {
            Result result = evaluate(engine, samples, seed, rotation, batch);
            System.out.printf(Locale.ROOT, "OCR (PP-OCRv4), seed %d, rotations up to ±%.0f°, %d image(s) per call, "
                    + "%d ONNX Runtime thread(s):%n", seed, rotation, batch, threads);
            System.out.print(result.summary());
            return List.of(String.format(Locale.ROOT, "ocr_char_accuracy=%.4f", result.charAccuracy()));
        }
    }

    public static Result evaluate(OcrEngine engine, int samples, long seed, double maxRotationDegrees, int batch) {
        List<TextImageGenerator.Sample> set = new TextImageGenerator(seed, maxRotationDegrees).samples(samples);
        long charErrors = 0;
        long chars = 0;
        long wordErrors = 0;
        long words = 0;
        int exact = 0;
        Map<String, long[]> byFont = new TreeMap<>();
        List<Failure> failures = new ArrayList<>();
        long start = System.nanoTime();
        for (int from = 0; from < set.size(); from += batch) {
            List<TextImageGenerator.Sample> chunk = set.subList(from, Math.min(set.size(), from + batch));
            List<OcrOutput> outputs = engine.readAll(chunk.stream().map(TextImageGenerator.Sample::image).toList());
            for (int i = 0; i < chunk.size(); i++) {
                TextImageGenerator.Sample sample = chunk.get(i);
                String read = outputs.get(i).answer();
                int distance = EditDistance.characters(sample.text(), read);
                int length = sample.text().codePointCount(0, sample.text().length());
                charErrors += distance;
                chars += length;
                List<String> truthWords = Arrays.asList(sample.text().split(" "));
                wordErrors += EditDistance.words(truthWords, read.isEmpty() ? List.of() : Arrays.asList(read.split(" ")));
                words += truthWords.size();
                if (distance == 0) {
                    exact++;
                } else if (failures.size() < 20) {
                    failures.add(new Failure(sample.text(), read, sample.font(), sample.size(), sample.rotationDegrees()));
                }
                long[] font = byFont.computeIfAbsent(sample.font(), f -> new long[2]);
                font[0] += distance;
                font[1] += length;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> fontAccuracy = new TreeMap<>();
        byFont.forEach((font, counts) -> fontAccuracy.put(font, accuracy(counts[0], counts[1])));
        return new Result(samples, accuracy(charErrors, chars), accuracy(wordErrors, words), (double) exact / samples,
                seconds * 1000 / samples, fontAccuracy, failures);
    }

    /** 1 − errors / total, at least 0 (0 when there is nothing to get right). */
    public static double accuracy(long errors, long total) {
        return total == 0 ? 0 : Math.max(0, 1 - (double) errors / total);
    }

    /** A misread sample, for the report. */
    public record Failure(String truth, String read, String font, int size, double rotationDegrees) {
    }

    /**
     * @param msPerImage wall time per image over the whole run, detection and recognition
     */
    public record Result(int samples, double charAccuracy, double wordAccuracy, double exactAccuracy,
                         double msPerImage, Map<String, Double> charAccuracyByFont, List<Failure> failures) {

        public String summary() {
            StringBuilder text = new StringBuilder();
            text.append(String.format(Locale.ROOT, "  OCR on %d rendered text images: character accuracy %.4f, word accuracy %.4f, "
                    + "exact %.4f, %.1f ms per image%n", samples, charAccuracy, wordAccuracy, exactAccuracy, msPerImage));
            charAccuracyByFont.forEach((font, accuracy) ->
                    text.append(String.format(Locale.ROOT, "    %-28s character accuracy %.4f%n", font, accuracy)));
            for (Failure failure : failures) {
                text.append(String.format(Locale.ROOT, "    misread: %-30s as %-30s (%s %dpx, %.1f°)%n", '"' + failure.truth() + '"',
                        '"' + failure.read() + '"', failure.font(), failure.size(), failure.rotationDegrees()));
            }
            return text.toString();
        }
    }
}
