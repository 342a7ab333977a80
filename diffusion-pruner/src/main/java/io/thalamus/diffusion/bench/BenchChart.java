package io.thalamus.diffusion.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** A small SVG chart of the benchmark: throughput and alignment per serving plan, side by side. */
final class BenchChart {

    record Bar(String plan, double throughput, double alignment, double macs) {
    }

    private static final int ROW = 34;
    private static final int LABEL = 110;
    private static final int PANEL = 300;

    private BenchChart() {
    }

    static void write(Path file, List<Bar> bars) {
        double maxThroughput = bars.stream().mapToDouble(Bar::throughput).max().orElse(1);
        int height = 50 + ROW * bars.size();
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" "
                        + "font-size=\"12\">%n", LABEL + 2 * PANEL + 40, height));
        svg.append(text(LABEL, 20, "throughput (images/s)")).append(text(LABEL + PANEL + 20, 20,
                "prompt alignment (points)"));
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int y = 35 + i * ROW;
            svg.append(text(4, y + 15, String.format(Locale.ROOT, "%s (%.2f MACs)", bar.plan(), bar.macs())));
            int throughputWidth = (int) Math.round((PANEL - 60) * bar.throughput() / maxThroughput);
            svg.append(rect(LABEL, y, throughputWidth, "#4c78a8"))
                    .append(text(LABEL + throughputWidth + 4, y + 15, String.format(Locale.ROOT, "%.2f",
                            bar.throughput())));
            int alignmentWidth = (int) Math.round((PANEL - 60) * bar.alignment() / 100);
            svg.append(rect(LABEL + PANEL + 20, y, alignmentWidth, "#f58518"))
                    .append(text(LABEL + PANEL + 24 + alignmentWidth, y + 15, String.format(Locale.ROOT, "%.1f",
                            bar.alignment())));
        }
        svg.append("</svg>\n");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, svg, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String rect(int x, int y, int width, String colour) {
        return String.format(Locale.ROOT, "  <rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"22\" fill=\"%s\"/>%n", x, y,
                Math.max(1, width), colour);
    }

    private static String text(int x, int y, String value) {
        return String.format(Locale.ROOT, "  <text x=\"%d\" y=\"%d\">%s</text>%n", x, y, value);
    }
}
