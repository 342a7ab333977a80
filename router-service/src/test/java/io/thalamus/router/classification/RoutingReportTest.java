package io.thalamus.router.classification;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The evaluation arithmetic on hand-made predictions. */
class RoutingReportTest {

    private static final List<String> TASKS = List.of("retrieval", "text-to-image", "vqa");

    private static RoutingExample example(String task, String source) {
        return new RoutingExample(task, source, "id", "text", task.equals("vqa"));
    }

    /**
     * 4 retrieval (3 right: 0.9, 0.95, 0.6 (abstains); 1 wrong at 0.8, routed), 2 text-to-image (1 right at 0.99,
     * 1 wrong at 0.55, abstains), 2 vqa (both right at 1.0). Threshold 0.7.
     */
    private static RoutingReport report() {
        List<RoutingExample> examples = List.of(
                example("retrieval", "a"), example("retrieval", "a"), example("retrieval", "b"), example("retrieval", "b"),
                example("text-to-image", "c"), example("text-to-image", "c"),
                example("vqa", "d"), example("vqa", "d"));
        double[][] p = {
                {0.9, 0.1, 0}, {0.95, 0.05, 0}, {0.6, 0.4, 0}, {0.2, 0.8, 0},
                {0.01, 0.99, 0}, {0.55, 0.45, 0},
                {0, 0, 1}, {0, 0, 1}};
        long[] latency = {1_000_000, 2_000_000, 3_000_000, 4_000_000, 5_000_000, 6_000_000, 7_000_000, 8_000_000};
        return new RoutingReport(examples, TASKS, p, 0.7, latency);
    }

    @Test
    void forcedChoiceCountsTheMostLikelyTask() {
        RoutingReport report = report();
        assertThat(report.overall().forcedAccuracy()).isCloseTo(6.0 / 8, within(1e-12));
        assertThat(report.byTask().get("retrieval").forcedAccuracy()).isCloseTo(0.75, within(1e-12));
        assertThat(report.byTask().get("text-to-image").forcedAccuracy()).isCloseTo(0.5, within(1e-12));
        assertThat(report.byTask().get("vqa").forcedAccuracy()).isCloseTo(1.0, within(1e-12));
        assertThat(report.macroAccuracy()).isCloseTo((0.75 + 0.5 + 1.0) / 3, within(1e-12));
    }

    @Test
    void selectiveCountsOnlyRequestsAtOrAboveTheThreshold() {
        RoutingReport report = report();
        // Routed: 0.9 ok, 0.95 ok, 0.8 wrong, 0.99 ok, 1.0 ok, 1.0 ok -> 5 of 6; abstained: 0.6 and 0.55.
        assertThat(report.overall().routedAccuracy()).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(report.overall().abstainRate()).isCloseTo(2.0 / 8, within(1e-12));
        assertThat(report.bySource().get("b").routedAccuracy()).isCloseTo(0.0, within(1e-12));
        assertThat(report.bySource().get("b").abstainRate()).isCloseTo(0.5, within(1e-12));
        assertThat(report.summaryLine()).isEqualTo("macro_accuracy=0.7500 routed_accuracy=0.8333 abstain_rate=0.2500");
    }

    @Test
    void latencyPercentilesUseTheNearestRank() {
        RoutingReport report = report();
        assertThat(report.latencyPercentileMillis(50)).isEqualTo(4.0);
        assertThat(report.latencyPercentileMillis(95)).isEqualTo(8.0);
        assertThat(report.latencyPercentileMillis(100)).isEqualTo(8.0);
    }

    @Test
    void printedReportEndsWithTheConfusionMatricesAndLatency() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        report().print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("confusion, forced choice").contains("(abstain)").contains("p95 8.000");
        // Forced confusion row for retrieval: 3 right, 1 predicted text-to-image, 0 vqa.
        assertThat(text).containsPattern("retrieval\\s+3\\s+1\\s+0");
        // Selective row for text-to-image: 0 retrieval, 1 text-to-image, 0 vqa, 1 abstained.
        assertThat(text).containsPattern("text-to-image\\s+0\\s+1\\s+0\\s+1");
    }

    @Test
    void thresholdChoiceStaysWithinTheAbstentionBudget() {
        List<RoutingExample> examples = List.of(example("retrieval", "a"), example("retrieval", "a"),
                example("retrieval", "a"), example("text-to-image", "b"));
        double[][] p = {{0.9, 0.1, 0}, {0.6, 0.4, 0}, {0.3, 0.7, 0}, {0.2, 0.8, 0}};
        // Perfect routing needs abstaining on the wrong 0.7 (and the 0.6): threshold 0.8, 2 of 4 abstain.
        assertThat(Calibration.chooseThreshold(examples, TASKS, p, 1.0, 0.5)).isEqualTo(0.8);
        // With room for only one abstention the threshold cannot go past the second-lowest confidence.
        assertThat(Calibration.chooseThreshold(examples, TASKS, p, 1.0, 0.25)).isEqualTo(0.7);
    }
}
