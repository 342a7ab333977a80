package io.thalamus.diffusion.aptp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import io.thalamus.diffusion.model.GateLayout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Gate logits → gate values, as APTP defines them.
 *
 * <ul>
 *   <li>Width gates: Gumbel-sigmoid, y = σ((x + g + 3) / 0.4), g Gumbel noise (the +3 starts every gate open).</li>
 *   <li>Depth gates: one categorical over the skippable blocks ordered from the outermost (kept longest) to the
 *       innermost (dropped first): p = softmax(x), c = reversed cumulative sum of p, l = log c − log(1 − c), then
 *       the same Gumbel-sigmoid on l. c falls along the order, so a block is only dropped if every block further
 *       in is dropped too (up to the noise).</li>
 *   <li>Hard gates: a gate is on at y ≥ 0.5 (straight-through: the hard value forward, the soft gradient back);
 *       a segment with every gate off gets its first gate forced on.</li>
 *   <li>Similarity vectors: hard gates, each width gate scaled by √(1/gates in its segment) so that big and small
 *       segments weigh alike, then L2-normalised.</li>
 * </ul>
 * At evaluation the Gumbel noise is drawn from a fixed seed, so the same logits always give the same gates.
 */
public final class GateFunctions {

    private static final double OFFSET = 3;
    private static final double TEMPERATURE = 0.4;
    private static final double CLAMP = 1e-6;  // keeps the uniform draws of the Gumbel noise off 0 and 1

    private final GateLayout layout;
    private final int[] depthOrder;
    private final float[] similarityScale;

    public GateFunctions(GateLayout layout) {
        this.layout = layout;
        List<Integer> depth = new ArrayList<>();
        for (int b = 0; b < layout.blocks().size(); b++) {
            if (layout.depthGate(b) >= 0) {
                depth.add(b);
            }
        }
        // outermost level first; within a level the down block before the up block (block order)
        depth.sort(Comparator.comparingInt((Integer b) -> layout.blocks().get(b).level()).thenComparingInt(b -> b));
        depthOrder = new int[depth.size()];
        for (int i = 0; i < depthOrder.length; i++) {
            depthOrder[i] = layout.depthGate(depth.get(i)) - layout.widthGates();
        }
        similarityScale = new float[layout.size()];
        java.util.Arrays.fill(similarityScale, 1f);
        for (GateLayout.Segment segment : layout.allSegments()) {
            for (int i = 0; i < segment.count(); i++) {
                similarityScale[segment.offset() + i] = (float) Math.sqrt(1.0 / segment.count());
            }
        }
    }

    /** Gumbel noise for a batch of gate vectors; the same seed gives the same noise. */
    public NDArray noise(NDManager manager, long rows, long seed) {
        Random random = new Random(seed);
        float[] values = new float[(int) (rows * layout.size())];
        for (int i = 0; i < values.length; i++) {
            double u = Math.min(1 - CLAMP, Math.max(CLAMP, random.nextDouble()));
            values[i] = (float) -Math.log(-Math.log(u));
        }
        return manager.create(values, new Shape(rows, layout.size()));
    }

    /** Soft gate values in (0, 1) from logits [N, D] and noise [N, D] (zeros for the noiseless gates). */
    public NDArray soft(NDArray logits, NDArray noise) {
        int width = layout.widthGates();
        NDArray widthLogits = logits.get(":, 0:" + width);
        NDArray depthLogits = logits.get(":, " + width + ":");
        NDArray widthGates = gumbelSigmoid(widthLogits, noise.get(":, 0:" + width));

        // Depth logits ordered outermost first; c_k = Σ_{j≥k} softmax(x)_j, and log c_k − log(1 − c_k) is computed
        // as logsumexp(x_{j≥k}) − logsumexp(x_{j<k}), which stays finite where c reaches 0 or 1. c_0 = 1: the
        // outermost block is always kept.
        NDArray ordered = NDArrays.stack(columns(depthLogits, depthOrder), 1);
        NDArray orderedNoise = NDArrays.stack(columns(noise.get(":, " + width + ":"), depthOrder), 1);
        NDArray[] back = new NDArray[depthOrder.length];
        long rows = logits.getShape().get(0);
        back[depthOrder[0]] = logits.getManager().ones(new Shape(rows));
        for (int k = 1; k < depthOrder.length; k++) {
            NDArray odds = logSumExp(ordered.get(":, " + k + ":")).sub(logSumExp(ordered.get(":, 0:" + k)));
            back[depthOrder[k]] = gumbelSigmoid(odds, orderedNoise.get(":, " + k));
        }
        return widthGates.concat(NDArrays.stack(new NDList(back), 1), 1);
    }

    private static NDList columns(NDArray matrix, int[] order) {
        NDList columns = new NDList(order.length);
        for (int index : order) {
            columns.add(matrix.get(":, " + index));
        }
        return columns;
    }

    /** log Σ exp(x) over the columns of [N, M], per row: [N]. */
    private static NDArray logSumExp(NDArray x) {
        NDArray max = x.max(new int[] {1}, true).stopGradient();
        return x.sub(max).exp().sum(new int[] {1}).log().add(max.squeeze(1));
    }

    private static NDArray gumbelSigmoid(NDArray logits, NDArray noise) {
        return Activation.sigmoid(logits.add(noise).add(OFFSET).div(TEMPERATURE));
    }

    /** Straight-through hard gates: 0/1 forward (first gate of an all-off segment forced on), soft gradient back. */
    public NDArray hard(NDArray soft) {
        long rows = soft.getShape().get(0);
        int size = layout.size();
        float[] values = soft.toFloatArray();
        float[] hard = new float[values.length];
        for (int r = 0; r < rows; r++) {
            for (int g = 0; g < size; g++) {
                hard[r * size + g] = values[r * size + g] >= 0.5f ? 1f : 0f;
            }
            for (GateLayout.Segment segment : layout.allSegments()) {
                boolean any = false;
                for (int i = 0; i < segment.count(); i++) {
                    any |= hard[r * size + segment.offset() + i] > 0;
                }
                if (!any) {
                    hard[r * size + segment.offset()] = 1f;
                }
            }
        }
        NDArray hardArray = soft.getManager().create(hard, soft.getShape());
        return soft.add(hardArray.sub(soft).stopGradient());
    }

    /** Unit-length vectors of hard gates for cosine similarities between prompts' and codes' architectures. */
    public NDArray similarityVectors(NDArray hard) {
        NDArray scaled = hard.mul(hard.getManager().create(similarityScale).expandDims(0));
        return scaled.div(scaled.norm(new int[] {1}, true).add(1e-8f));
    }
}
