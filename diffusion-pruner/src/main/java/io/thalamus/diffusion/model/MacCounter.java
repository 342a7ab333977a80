package io.thalamus.diffusion.model;

import java.util.List;

/**
 * Multiply-accumulates of one forward pass of the UNet (or a sub-network) for one image, counted layer by layer
 * from the same shapes the network is built with: convolutions (out·in·k²·H·W), linear layers (positions·in·out)
 * and the two matrix products of every attention head (queries·keys·width each). Normalisation, activations,
 * additions and softmax are element-wise and not counted.
 *
 * <p>Every gate carries a fixed number of MACs (a hidden group feeds one slice of conv1's output and conv2's
 * input; a head its projections and its attention products; a feed-forward slice its rows and columns), and every
 * gated block has MACs no width gate removes but its depth gate does. So the MACs of a sub-network are linear in
 * its width gates within each block, times the block's depth gate: {@link #gateMacs()}, {@link #blockFixedMacs()}
 * and {@link #blockOfGate()} give exactly that form, which the pruning's resource loss evaluates on soft gates.
 *
 * @see #macs(SubNetwork)
 */
public final class MacCounter {

    private final GateLayout layout;
    private final int tokens;
    private final long[] gateMacs;
    private final int[] blockOfGate;
    private final long[] blockFixedMacs;
    private final long trunkMacs;

    /** @param tokens prompt length (special tokens included) the cross-attention costs are counted for */
    public MacCounter(GateLayout layout, int tokens) {
        this.layout = layout;
        this.tokens = tokens;
        UNetArchitecture a = layout.architecture();
        List<GatedBlock> blocks = layout.blocks();
        gateMacs = new long[layout.widthGates()];
        blockOfGate = new int[layout.widthGates()];
        blockFixedMacs = new long[blocks.size()];
        for (int b = 0; b < blocks.size(); b++) {
            GatedBlock block = blocks.get(b);
            long positions = (long) a.side(block.level()) * a.side(block.level());
            List<GateLayout.Segment> segments = layout.segments(b);
            if (block.kind() == GatedBlock.Kind.RESIDUAL) {
                GateLayout.Segment groups = segments.get(0);
                // conv1 (in → hidden), the time projection (once per image) and conv2 (hidden → out), per channel
                long perChannel = 9L * block.in() * positions + a.timeDimension() + 9L * block.out() * positions;
                assign(groups, b, perChannel * groups.width());
                blockFixedMacs[b] = block.in() == block.out() ? 0 : (long) block.in() * block.out() * positions;
            } else {
                int c = block.out();
                GateLayout.Segment self = segments.get(0);
                GateLayout.Segment cross = segments.get(1);
                GateLayout.Segment feedForward = segments.get(2);
                int width = self.width();
                // q, k, v and output projections over the positions, plus scores and weighted sum over positions
                assign(self, b, 4L * positions * c * width + 2L * positions * positions * width);
                // q and output over the positions, k and v over the tokens, scores and weighted sum over tokens
                assign(cross, b, 2L * positions * c * width + 2L * tokens * a.contextDimension() * width
                        + 2L * positions * tokens * width);
                assign(feedForward, b, 2L * positions * c * feedForward.width());
                blockFixedMacs[b] = 2L * positions * c * c; // projections in and out
            }
        }
        trunkMacs = trunk(a);
    }

    private void assign(GateLayout.Segment segment, int block, long macsPerGate) {
        for (int i = 0; i < segment.count(); i++) {
            gateMacs[segment.offset() + i] = macsPerGate;
            blockOfGate[segment.offset() + i] = block;
        }
    }

    /** MACs outside the gated blocks: stem, resampling convolutions, head, time and text embeddings. */
    private long trunk(UNetArchitecture a) {
        long s0 = (long) a.side(0) * a.side(0);
        long s1 = (long) a.side(1) * a.side(1);
        long s2 = (long) a.side(2) * a.side(2);
        int c0 = a.channels(0);
        int c1 = a.channels(1);
        int c2 = a.channels(2);
        long stem = 9L * 12 * c0 * s0;
        long down = 9L * c0 * c0 * s1 + 9L * c1 * c1 * s2;
        long up = 9L * c2 * c1 * s1 + 9L * c1 * c0 * s0;
        long head = 9L * c0 * 12 * s0;
        long time = 2L * a.timeDimension() * a.timeDimension() + (long) a.textDimension() * a.timeDimension();
        long context = (long) tokens * a.textDimension() * a.contextDimension();
        return stem + down + up + head + time + context;
    }

    /** MACs of one image through the sub-network. */
    public long macs(SubNetwork sub) {
        return trunkMacs + prunableMacs(sub);
    }

    /** MACs of the gated blocks under the sub-network: what pruning can remove. */
    public long prunableMacs(SubNetwork sub) {
        long[] perBlock = blockFixedMacs.clone();
        for (int g = 0; g < gateMacs.length; g++) {
            if (sub.kept(g)) {
                perBlock[blockOfGate[g]] += gateMacs[g];
            }
        }
        long total = 0;
        for (int b = 0; b < perBlock.length; b++) {
            if (sub.present(b)) {
                total += perBlock[b];
            }
        }
        return total;
    }

    public long fullMacs() {
        return macs(SubNetwork.full(layout));
    }

    /** The sub-network's MACs as a share of the full network's. */
    public double ratio(SubNetwork sub) {
        return (double) macs(sub) / fullMacs();
    }

    /**
     * The share of the prunable MACs that must stay for the whole network to run at {@code totalRatio} of the full
     * MACs (the trunk cannot be pruned).
     */
    public double prunableTarget(double totalRatio) {
        long prunable = prunableMacs(SubNetwork.full(layout));
        return (totalRatio * fullMacs() - trunkMacs) / prunable;
    }

    public long trunkMacs() {
        return trunkMacs;
    }

    /** MACs each width gate carries, in gate order. */
    public long[] gateMacs() {
        return gateMacs.clone();
    }

    /** The gated block each width gate belongs to. */
    public int[] blockOfGate() {
        return blockOfGate.clone();
    }

    /** MACs of each gated block that no width gate removes (its depth gate does). */
    public long[] blockFixedMacs() {
        return blockFixedMacs.clone();
    }

    public GateLayout layout() {
        return layout;
    }
}
