package io.thalamus.diffusion.aptp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import io.thalamus.diffusion.model.DiffusionModel;
import io.thalamus.diffusion.model.GateLayout;
import io.thalamus.diffusion.model.MacCounter;
import io.thalamus.diffusion.model.SubNetwork;
import io.thalamus.model.CommandOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Trims the code of a one-code (static) router down to an exact share of the full MACs, so that the static model
 * can be compared with an APTP mix at equal MACs: a trained one-code router lands near, not at, the ratio it was
 * asked for. Closes the kept width gates with the lowest code logits first (the router's own order of preference),
 * never a segment's last one and none that would take the MACs further than a tolerance below the ratio, until the
 * MACs are within that tolerance of the ratio; a closed gate's logit is set so low that no evaluation noise opens
 * it. Writes the trimmed router to a new folder; fine-tune its code there with {@link CodeFineTuning}.
 *
 * <p>Options: router (the one-code router's folder), base (folder), ratio (share of the full MACs), out (folder).
 */
public final class StaticCodeTrim {

    private static final float CLOSED = -100f;
    static final double TOLERANCE = 0.002;

    private StaticCodeTrim() {
    }

    public static void main(String[] args) {
        CommandOptions options = CommandOptions.of(args);
        Path routerDirectory = Path.of(options.text("router", "src/main/resources/diffusion/static-65"));
        Path base = Path.of(options.text("base", "src/main/resources/diffusion/base"));
        double ratio = options.decimal("ratio", 0.626);
        Path out = Path.of(options.text("out", "target/static-trimmed"));

        try (DiffusionModel model = DiffusionModel.fromDirectory(base);
             PromptRouter router = PromptRouter.fromDirectory(routerDirectory, model.net().layout())) {
            GateLayout layout = model.net().layout();
            MacCounter counter = new MacCounter(layout, 24);
            double before = counter.ratio(router.codes().get(0));
            int closed = trim(router, counter, ratio);
            router.save(out);

            try (PromptRouter trimmed = PromptRouter.fromDirectory(out, layout)) {
                double after = counter.ratio(trimmed.codes().get(0));
                System.out.printf(Locale.ROOT, "[trim] %s: %.4f of the full MACs; closed %d width gates; %s: %.4f%n",
                        routerDirectory, before, closed, out, after);
                if (Math.abs(after - ratio) > TOLERANCE) {
                    throw new IllegalStateException(String.format(Locale.ROOT,
                            "the trimmed code keeps %.4f of the MACs; %.4f was asked", after, ratio));
                }
            }
        }
    }

    /**
     * Closes gates of the router's only code until its MACs are within the tolerance of {@code ratio}; returns how
     * many. The router's cached code is stale afterwards: save it and read it again.
     */
    static int trim(PromptRouter router, MacCounter counter, double ratio) {
        if (router.codeCount() != 1) {
            throw new IllegalArgumentException("the router has " + router.codeCount()
                    + " codes; only a one-code (static) router can be trimmed");
        }
        SubNetwork code = router.codes().get(0);
        double current = counter.ratio(code);
        if (ratio > current + TOLERANCE) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "the code runs at %.4f of the MACs; trimming can only lower that, not reach %.4f", current, ratio));
        }
        GateLayout layout = counter.layout();
        NDArray logits = router.block().codeLogits();
        boolean[] kept = new boolean[layout.size()];
        for (int g = 0; g < kept.length; g++) {
            kept[g] = code.kept(g);
        }
        int closed = 0;
        for (int gate : closingOrder(layout, logits.toFloatArray(), kept)) {
            if (counter.ratio(new SubNetwork(layout, kept)) <= ratio + TOLERANCE) {
                break;
            }
            if (lastKeptOfSegment(layout, kept, gate)) {
                continue;
            }
            kept[gate] = false;
            if (counter.ratio(new SubNetwork(layout, kept)) < ratio - TOLERANCE) {
                kept[gate] = true;
                continue;
            }
            logits.set(new NDIndex(0, gate), CLOSED);
            closed++;
        }
        return closed;
    }

    /** Kept width gates, lowest code logit first. */
    private static List<Integer> closingOrder(GateLayout layout, float[] logits, boolean[] kept) {
        List<Integer> order = new ArrayList<>();
        for (int g = 0; g < layout.widthGates(); g++) {
            if (kept[g]) {
                order.add(g);
            }
        }
        order.sort(Comparator.comparingDouble(g -> logits[g]));
        return order;
    }

    private static boolean lastKeptOfSegment(GateLayout layout, boolean[] kept, int gate) {
        for (GateLayout.Segment segment : layout.allSegments()) {
            if (gate >= segment.offset() && gate < segment.offset() + segment.count()) {
                int keptInSegment = 0;
                for (int i = 0; i < segment.count(); i++) {
                    keptInSegment += kept[segment.offset() + i] ? 1 : 0;
                }
                return keptInSegment <= 1;
            }
        }
        return false;
    }
}
