package io.thalamus.diffusion.judge;

import io.thalamus.diffusion.data.Layout;
import io.thalamus.diffusion.data.PlacedShape;
import io.thalamus.diffusion.data.PromptKind;
import io.thalamus.diffusion.data.ShapeLayout;
import io.thalamus.diffusion.data.TextLayout;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How well an image matches its prompt, from what the judge sees in it (the analogue of a CLIP score, but exact:
 * the layout behind every prompt is known).
 *
 * <ul>
 *   <li>Shapes: matched / (shapes in the prompt + extra shapes), where a shape is matched when its cell holds
 *       exactly its colour, kind and size, and extra shapes are those seen in cells the prompt leaves empty.</li>
 *   <li>Characters: the share of correct items among the two character slots (the second must be empty for a
 *       one-character text) and the text colour; 0 when the judge sees shapes instead of characters.</li>
 * </ul>
 */
public final class AlignmentScore {

    private AlignmentScore() {
    }

    /** The alignment of one image with its layout, in [0, 1]. */
    public static double of(Layout layout, Judgement judgement) {
        if (layout instanceof TextLayout text) {
            if (!judgement.showsCharacters()) {
                return 0;
            }
            int correct = correctSlots(text, judgement) + (judgement.textColour() == text.colour() ? 1 : 0);
            return correct / (double) (Judgement.SLOTS + 1);
        }
        ShapeLayout shapes = (ShapeLayout) layout;
        int matched = 0;
        for (PlacedShape shape : shapes.shapes()) {
            if (judgement.cells().get(shape.cell()).filter(seen -> seen.matches(shape)).isPresent()) {
                matched++;
            }
        }
        return matched / (double) (shapes.shapes().size() + extraShapes(shapes, judgement));
    }

    /** In points: the score × 100. */
    public static double points(Layout layout, Judgement judgement) {
        return 100 * of(layout, judgement);
    }

    /**
     * Averages over a set of images, in points. Per attribute, pooled over the set: colour, shape kind and size
     * over the prompt's shapes found in their cell; position/count is found / (prompt shapes + extra shapes);
     * characters over the character slots of text prompts, text colour over text prompts (both wrong when the
     * judge sees shapes). An attribute no image of the set has is NaN.
     */
    public static Breakdown breakdown(List<? extends Layout> layouts, List<Judgement> judgements) {
        if (layouts.size() != judgements.size()) {
            throw new IllegalArgumentException(layouts.size() + " layouts for " + judgements.size() + " judgements");
        }
        double total = 0;
        int shapes = 0;
        int found = 0;
        int extras = 0;
        int colours = 0;
        int kinds = 0;
        int sizes = 0;
        int slots = 0;
        int slotsCorrect = 0;
        int texts = 0;
        int textColours = 0;
        Map<PromptKind, double[]> byKind = new EnumMap<>(PromptKind.class);
        for (int i = 0; i < layouts.size(); i++) {
            Layout layout = layouts.get(i);
            Judgement judgement = judgements.get(i);
            double score = of(layout, judgement);
            total += score;
            double[] kindSum = byKind.computeIfAbsent(layout.kind(), k -> new double[2]);
            kindSum[0] += score;
            kindSum[1]++;
            if (layout instanceof ShapeLayout shapeLayout) {
                extras += extraShapes(shapeLayout, judgement);
                for (PlacedShape shape : shapeLayout.shapes()) {
                    shapes++;
                    Optional<SeenShape> seen = judgement.cells().get(shape.cell());
                    if (seen.isPresent()) {
                        found++;
                        colours += seen.get().colour() == shape.colour() ? 1 : 0;
                        kinds += seen.get().shape() == shape.shape() ? 1 : 0;
                        sizes += seen.get().size() == shape.size() ? 1 : 0;
                    }
                }
            } else {
                TextLayout text = (TextLayout) layout;
                texts++;
                slots += Judgement.SLOTS;
                if (judgement.showsCharacters()) {
                    slotsCorrect += correctSlots(text, judgement);
                    textColours += judgement.textColour() == text.colour() ? 1 : 0;
                }
            }
        }
        Map<PromptKind, Double> kindPoints = new EnumMap<>(PromptKind.class);
        byKind.forEach((kind, sum) -> kindPoints.put(kind, 100 * sum[0] / sum[1]));
        return new Breakdown(layouts.size(), share(total, layouts.size()), share(colours, found),
                share(kinds, found), share(sizes, found), share(found, shapes + extras), share(slotsCorrect, slots),
                share(textColours, texts), kindPoints);
    }

    /**
     * Averages over a set, in points.
     *
     * @param alignment     the mean alignment score
     * @param positionCount shapes found in their cell / (prompt shapes + extra shapes)
     */
    public record Breakdown(int images, double alignment, double colour, double shapeKind, double size,
                            double positionCount, double characters, double textColour,
                            Map<PromptKind, Double> byKind) {

        public Breakdown {
            byKind = Map.copyOf(byKind);
        }

        /** One line for logs and reports. */
        public String line() {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                    "alignment %s (n=%d): colour %s, shape %s, size %s, position/count %s, characters %s, "
                            + "text colour %s", format(alignment), images, format(colour), format(shapeKind),
                    format(size), format(positionCount), format(characters), format(textColour)));
            for (PromptKind kind : PromptKind.values()) {
                if (byKind.containsKey(kind)) {
                    line.append(String.format(Locale.ROOT, "; %s %s", kind.label(), format(byKind.get(kind))));
                }
            }
            return line.toString();
        }

        private static String format(double points) {
            return Double.isNaN(points) ? "-" : String.format(Locale.ROOT, "%.1f", points);
        }
    }

    private static int correctSlots(TextLayout text, Judgement judgement) {
        int correct = 0;
        for (int slot = 0; slot < Judgement.SLOTS; slot++) {
            Optional<Character> wanted = slot < text.text().length() ? Optional.of(text.text().charAt(slot))
                    : Optional.empty();
            correct += judgement.characterSlots().get(slot).equals(wanted) ? 1 : 0;
        }
        return correct;
    }

    private static int extraShapes(ShapeLayout layout, Judgement judgement) {
        boolean[] wanted = new boolean[PlacedShape.CELLS];
        layout.shapes().forEach(shape -> wanted[shape.cell()] = true);
        int extra = 0;
        for (int cell = 0; cell < PlacedShape.CELLS; cell++) {
            if (!wanted[cell] && judgement.cells().get(cell).isPresent()) {
                extra++;
            }
        }
        return extra;
    }

    private static double share(double count, int of) {
        return of == 0 ? Double.NaN : 100 * count / of;
    }
}
