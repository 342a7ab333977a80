package io.thalamus.diffusion.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Where every gate of the UNet sits in a gate vector of length {@link #size()}: first the width gates, block by
 * block — a residual block has one gate per GroupNorm group of its hidden channels; a transformer one per self
 * attention head, one per cross attention head and {@code feedForwardGates} over its feed-forward width — then one
 * depth gate per skippable block.
 */
public final class GateLayout {

    /** A run of gates of one block that gate equal slices of one inner dimension. */
    public record Segment(String name, int offset, int count, int width) {
    }

    private final UNetArchitecture architecture;
    private final List<GatedBlock> blocks;
    private final List<List<Segment>> segments = new ArrayList<>();
    private final int[] depthGate;
    private final int widthGates;
    private final int size;

    public GateLayout(UNetArchitecture architecture) {
        this.architecture = architecture;
        this.blocks = blocks(architecture);
        int offset = 0;
        for (GatedBlock block : blocks) {
            List<Segment> own = new ArrayList<>();
            if (block.kind() == GatedBlock.Kind.RESIDUAL) {
                own.add(new Segment("groups", offset, architecture.groups(), block.out() / architecture.groups()));
                offset += architecture.groups();
            } else {
                int headWidth = block.out() / architecture.heads();
                own.add(new Segment("self-heads", offset, architecture.heads(), headWidth));
                offset += architecture.heads();
                own.add(new Segment("cross-heads", offset, architecture.heads(), headWidth));
                offset += architecture.heads();
                int inner = block.out() * architecture.feedForwardRatio();
                own.add(new Segment("feed-forward", offset, architecture.feedForwardGates(),
                        inner / architecture.feedForwardGates()));
                offset += architecture.feedForwardGates();
            }
            segments.add(List.copyOf(own));
        }
        widthGates = offset;
        depthGate = new int[blocks.size()];
        for (int b = 0; b < blocks.size(); b++) {
            depthGate[b] = blocks.get(b).skippable() ? offset++ : -1;
        }
        size = offset;
    }

    /** The gated blocks in the order the UNet runs them. */
    private static List<GatedBlock> blocks(UNetArchitecture a) {
        int c0 = a.channels(0);
        int c1 = a.channels(1);
        int c2 = a.channels(2);
        return List.of(
                new GatedBlock("down0.res", GatedBlock.Kind.RESIDUAL, 0, c0, c0, true),
                new GatedBlock("down1.res", GatedBlock.Kind.RESIDUAL, 1, c0, c1, false),
                new GatedBlock("down1.attn", GatedBlock.Kind.TRANSFORMER, 1, c1, c1, true),
                new GatedBlock("down2.res", GatedBlock.Kind.RESIDUAL, 2, c1, c2, false),
                new GatedBlock("down2.attn", GatedBlock.Kind.TRANSFORMER, 2, c2, c2, true),
                new GatedBlock("mid.res", GatedBlock.Kind.RESIDUAL, 2, c2, c2, false),
                new GatedBlock("mid.attn", GatedBlock.Kind.TRANSFORMER, 2, c2, c2, false),
                new GatedBlock("up2.res", GatedBlock.Kind.RESIDUAL, 2, 2 * c2, c2, false),
                new GatedBlock("up2.attn", GatedBlock.Kind.TRANSFORMER, 2, c2, c2, true),
                new GatedBlock("up1.res", GatedBlock.Kind.RESIDUAL, 1, 2 * c1, c1, false),
                new GatedBlock("up1.attn", GatedBlock.Kind.TRANSFORMER, 1, c1, c1, true),
                new GatedBlock("up0.res", GatedBlock.Kind.RESIDUAL, 0, 2 * c0, c0, false),
                new GatedBlock("up0.res2", GatedBlock.Kind.RESIDUAL, 0, c0, c0, true));
    }

    public UNetArchitecture architecture() {
        return architecture;
    }

    public List<GatedBlock> blocks() {
        return blocks;
    }

    public int blockIndex(String name) {
        for (int b = 0; b < blocks.size(); b++) {
            if (blocks.get(b).name().equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("no gated block named '" + name + "'");
    }

    public List<Segment> segments(int block) {
        return segments.get(block);
    }

    /** Every width-gate segment of every block, in gate order. */
    public List<Segment> allSegments() {
        List<Segment> all = new ArrayList<>();
        segments.forEach(all::addAll);
        return all;
    }

    /** Position of the block's depth gate in the gate vector, or -1 if the block cannot be skipped. */
    public int depthGate(int block) {
        return depthGate[block];
    }

    public int widthGates() {
        return widthGates;
    }

    public int depthGates() {
        return size - widthGates;
    }

    /** Length of the gate vector. */
    public int size() {
        return size;
    }
}
