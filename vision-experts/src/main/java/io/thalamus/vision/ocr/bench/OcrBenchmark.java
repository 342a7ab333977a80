package io.thalamus.vision.ocr.bench;

import io.thalamus.model.CommandOptions;
import io.thalamus.vision.ocr.OcrEngine;
import io.thalamus.vision.ocr.OcrSettings;
import io.thalamus.vision.ocr.eval.TextImageGenerator;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./thalamus bench-vision}: OCR latency per image and throughput with batching, in-process (models loaded,
 * images decoded; what the expert spends per request besides HTTP and JSON).
 *
 * <p>Two workloads: signs (one to three words, as in the OCR evaluation) and documents (a 1000×700 page of 14
 * lines). Latency: images read one at a time, median and p95. Throughput: images read {@code n} at a time, their
 * lines recognised together in forward passes of up to {@code rec-batch} lines, for each combination.
 *
 * <p>Options ({@code --name=value}): threads (ONNX Runtime threads per pass, default 1), images (per workload,
 * default 48), batches (default 1,4,8,16), rec-batches (default 1,4,8), seed (default 5).
 */
public final class OcrBenchmark {

    private OcrBenchmark() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        Map<String, String> options = CommandOptions.parse(args);
        int threads = Integer.parseInt(options.getOrDefault("threads", "1"));
        int count = Integer.parseInt(options.getOrDefault("images", "48"));
        List<Integer> batches = ints(options.getOrDefault("batches", "1,4,8,16"));
        List<Integer> recBatches = ints(options.getOrDefault("rec-batches", "1,4,8"));
        long seed = Long.parseLong(options.getOrDefault("seed", "5"));
        Path build = Path.of(System.getProperty("thalamus.build.dir", "vision-experts/target"));

        TextImageGenerator generator = new TextImageGenerator(seed, 4);
        List<BufferedImage> signs = new ArrayList<>();
        generator.samples(count).forEach(sample -> signs.add(sample.image()));
        List<BufferedImage> documents = new ArrayList<>();
        for (int i = 0; i < Math.max(4, count / 4); i++) {
            documents.add(document(generator));
        }
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.printf(Locale.ROOT, "OCR benchmark: load average %.1f at start, %d processors, ONNX Runtime %d thread(s) per pass, "
                + "%d sign images (mean %.0f×%.0f), %d documents (1000×700, 14 lines)%n",
                load, Runtime.getRuntime().availableProcessors(), threads, signs.size(), mean(signs, true),
                mean(signs, false), documents.size());
        for (int recBatch : recBatches) {
            OcrSettings settings = OcrSettings.defaults(build.resolve("djl-cache")).withThreads(threads)
                    .withRecognitionBatchSize(recBatch);
            try (OcrEngine engine = new OcrEngine(settings)) {
                System.out.printf(Locale.ROOT, "recognition batch up to %d lines:%n", recBatch);
                for (String workload : List.of("signs", "documents")) {
                    List<BufferedImage> images = workload.equals("signs") ? signs : documents;
                    engine.readAll(images.subList(0, Math.min(4, images.size())));
                    List<Double> millis = new ArrayList<>();
                    long[] before = engine.stageNanos();
                    for (BufferedImage image : images) {
                        long start = System.nanoTime();
                        engine.read(image);
                        millis.add((System.nanoTime() - start) / 1e6);
                    }
                    long[] after = engine.stageNanos();
                    Collections.sort(millis);
                    System.out.printf(Locale.ROOT, "  %-9s one at a time: p50 %.1f ms, p95 %.1f ms per image "
                                    + "(mean: detection %.1f ms, recognition %.1f ms)%n",
                            workload, millis.get(millis.size() / 2), millis.get((int) Math.ceil(millis.size() * 0.95) - 1),
                            (after[0] - before[0]) / 1e6 / images.size(), (after[1] - before[1]) / 1e6 / images.size());
                    for (int batch : batches) {
                        long start = System.nanoTime();
                        for (int from = 0; from < images.size(); from += batch) {
                            engine.readAll(images.subList(from, Math.min(images.size(), from + batch)));
                        }
                        double seconds = (System.nanoTime() - start) / 1e9;
                        System.out.printf(Locale.ROOT, "  %-9s %2d images per call: %.1f images/s%n", workload, batch,
                                images.size() / seconds);
                    }
                }
            }
        }
    }

    /** A page of 14 lines of rendered words, the way a scanned notice looks. */
    private static BufferedImage document(TextImageGenerator generator) {
        BufferedImage page = new BufferedImage(1000, 700, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = page.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 1000, 700);
        g.setColor(Color.BLACK);
        g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING,
                java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new java.awt.Font("DejaVu Serif", java.awt.Font.PLAIN, 22));
        for (int line = 0; line < 14; line++) {
            StringBuilder text = new StringBuilder();
            while (text.length() < 50) {
                text.append(generator.next().text()).append(' ');
            }
            g.drawString(text.toString().strip(), 40, 50 + line * 46);
        }
        g.dispose();
        return page;
    }

    private static double mean(List<BufferedImage> images, boolean width) {
        return images.stream().mapToInt(i -> width ? i.getWidth() : i.getHeight()).average().orElse(0);
    }

    private static List<Integer> ints(String csv) {
        List<Integer> values = new ArrayList<>();
        for (String part : csv.split(",")) {
            values.add(Integer.parseInt(part.trim()));
        }
        return values;
    }
}
