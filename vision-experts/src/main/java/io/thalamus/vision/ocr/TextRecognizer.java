package io.thalamus.vision.ocr;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads line images with a CRNN/SVTR recognition model such as PP-OCRv4's: each line is scaled to the model's
 * height keeping its aspect ratio, normalised to [-1, 1] and padded on the right to the widest line of its batch;
 * the model gives per-time-step class probabilities, decoded greedily with CTC (best class per step, repeats
 * merged, blanks dropped). Class 0 is the CTC blank, classes 1..n the dictionary's lines, and the last class a space.
 */
final class TextRecognizer {

    private final OnnxModel model;
    private final OcrSettings settings;
    private final List<String> alphabet;

    TextRecognizer(OnnxModel model, OcrSettings settings) {
        this.model = model;
        this.settings = settings;
        this.alphabet = readDictionary(settings.dictionary());
    }

    /**
     * Reads the lines in forward passes of at most {@code recognitionBatchSize} lines of similar aspect ratio (so
     * little padding is computed); results in the order of the lines.
     */
    List<Reading> read(List<BufferedImage> lines) {
        Reading[] readings = new Reading[lines.size()];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble(i -> ratio(lines.get(i))));
        int batchSize = Math.max(1, settings.recognitionBatchSize());
        for (int start = 0; start < order.size(); start += batchSize) {
            List<Integer> batch = order.subList(start, Math.min(order.size(), start + batchSize));
            List<BufferedImage> images = new ArrayList<>(batch.size());
            batch.forEach(i -> images.add(lines.get(i)));
            List<Reading> batchReadings = readBatch(images);
            for (int j = 0; j < batch.size(); j++) {
                readings[batch.get(j)] = batchReadings.get(j);
            }
        }
        return List.of(readings);
    }

    private List<Reading> readBatch(List<BufferedImage> lines) {
        int height = settings.recognitionHeight();
        double maxRatio = 320.0 / 48;
        for (BufferedImage line : lines) {
            maxRatio = Math.max(maxRatio, ratio(line));
        }
        int width = Math.min(settings.recognitionMaxWidth(), (int) Math.ceil(height * maxRatio));
        int plane = height * width;
        float[] input = new float[lines.size() * 3 * plane];
        List<boolean[]> blankColumns = new ArrayList<>(lines.size());
        for (int b = 0; b < lines.size(); b++) {
            BufferedImage line = lines.get(b);
            int resizedW = Math.max(1, Math.min(width, (int) Math.ceil(height * ratio(line))));
            BufferedImage resized = TextDetector.resize(line, resizedW, height);
            int[] rgb = resized.getRGB(0, 0, resizedW, height, null, 0, resizedW);
            blankColumns.add(blankColumns(rgb, resizedW, height));
            int offset = b * 3 * plane;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < resizedW; x++) {
                    int pixel = rgb[y * resizedW + x];
                    int at = y * width + x;
                    // BGR, scaled to [-1, 1]; the padding stays 0
                    input[offset + at] = (pixel & 0xFF) / 127.5f - 1f;
                    input[offset + plane + at] = ((pixel >> 8) & 0xFF) / 127.5f - 1f;
                    input[offset + 2 * plane + at] = ((pixel >> 16) & 0xFF) / 127.5f - 1f;
                }
            }
        }
        Tensor output = model.run(new Tensor(input, new long[] {lines.size(), 3, height, width}));
        int steps = output.dim(1);
        int classes = output.dim(2);
        if (classes != alphabet.size() + 2 && classes != alphabet.size() + 1) {
            throw new IllegalStateException("the recognition model has " + classes + " classes but the dictionary "
                    + alphabet.size() + " characters");
        }
        List<Reading> readings = new ArrayList<>(lines.size());
        for (int b = 0; b < lines.size(); b++) {
            readings.add(decode(output.data(), b * steps * classes, steps, classes, blankColumns.get(b), width));
        }
        return readings;
    }

    /**
     * Greedy CTC decoding of one item's [steps × classes] probabilities. The PP-OCRv4 models often leave out the
     * space between words; one is put back between two characters separated by a run of ink-free columns at least
     * {@code spaceGap} × the line height wide and at least twice the line's median gap between characters.
     */
    private Reading decode(float[] probabilities, int offset, int steps, int classes, boolean[] blank, int width) {
        List<String> characters = new ArrayList<>();
        List<Double> columns = new ArrayList<>();
        double confidenceSum = 0;
        int previous = -1;
        double columnsPerStep = (double) width / steps;
        for (int t = 0; t < steps; t++) {
            int base = offset + t * classes;
            int best = 0;
            float bestP = probabilities[base];
            for (int c = 1; c < classes; c++) {
                if (probabilities[base + c] > bestP) {
                    bestP = probabilities[base + c];
                    best = c;
                }
            }
            if (best != 0 && best != previous) {
                characters.add(best <= alphabet.size() ? alphabet.get(best - 1) : " ");
                columns.add((t + 0.5) * columnsPerStep);
                confidenceSum += bestP;
            }
            previous = best;
        }
        int[] gaps = new int[Math.max(0, characters.size() - 1)];
        for (int i = 0; i < gaps.length; i++) {
            gaps[i] = widestBlankRun(blank, columns.get(i), columns.get(i + 1));
        }
        int[] sorted = gaps.clone();
        java.util.Arrays.sort(sorted);
        double median = sorted.length == 0 ? 0 : sorted[sorted.length / 2];
        double minGap = Math.max(settings.spaceGap() * settings.recognitionHeight(), 2 * median);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < characters.size(); i++) {
            String character = characters.get(i);
            if (i > 0 && !character.equals(" ") && !characters.get(i - 1).equals(" ") && gaps[i - 1] >= minGap) {
                text.append(' ');
            }
            text.append(character);
        }
        return new Reading(text.toString().strip(), characters.isEmpty() ? 0 : confidenceSum / characters.size());
    }

    private static int widestBlankRun(boolean[] blank, double from, double to) {
        int widest = 0;
        int run = 0;
        for (int x = (int) Math.ceil(from); x < Math.min(blank.length, (int) to); x++) {
            run = blank[x] ? run + 1 : 0;
            widest = Math.max(widest, run);
        }
        return widest;
    }

    /** Columns without ink: their grey levels span less than a third of the line's range (background and noise). */
    private static boolean[] blankColumns(int[] rgb, int width, int height) {
        int[] gray = new int[rgb.length];
        int[] histogram = new int[256];
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            gray[i] = (((p >> 16) & 0xFF) * 299 + ((p >> 8) & 0xFF) * 587 + (p & 0xFF) * 114) / 1000;
            histogram[gray[i]]++;
        }
        int low = percentile(histogram, rgb.length, 0.02);
        int high = percentile(histogram, rgb.length, 0.98);
        double threshold = (high - low) / 3.0;
        boolean[] blank = new boolean[width];
        for (int x = 0; x < width; x++) {
            int min = 255;
            int max = 0;
            for (int y = 0; y < height; y++) {
                int g = gray[y * width + x];
                min = Math.min(min, g);
                max = Math.max(max, g);
            }
            blank[x] = max - min < threshold;
        }
        return blank;
    }

    private static int percentile(int[] histogram, int total, double fraction) {
        long wanted = Math.round(total * fraction);
        long seen = 0;
        for (int value = 0; value < histogram.length; value++) {
            seen += histogram[value];
            if (seen > wanted) {
                return value;
            }
        }
        return 255;
    }

    private static double ratio(BufferedImage line) {
        return (double) line.getWidth() / line.getHeight();
    }

    private static List<String> readDictionary(String resource) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : TextRecognizer.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The OCR dictionary '" + resource + "' is not on the classpath");
            }
            List<String> characters = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    characters.add(line.replace("\r", ""));
                }
            }
            return List.copyOf(characters);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OCR dictionary " + resource, e);
        }
    }

    /** A line's text and its confidence: the mean probability of its decoded characters. */
    record Reading(String text, double confidence) {
    }
}
