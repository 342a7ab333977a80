package io.thalamus.diffusion.model;

import java.util.Arrays;

/**
 * A sub-network of the UNet: which gates of the {@link GateLayout} are on. Every segment keeps at least one gate
 * (a fully closed group would cut the block's inner path; as in APTP its first gate is forced on instead).
 */
public final class SubNetwork {

    private final GateLayout layout;
    private final boolean[] kept;

    public SubNetwork(GateLayout layout, boolean[] kept) {
        if (kept.length != layout.size()) {
            throw new IllegalArgumentException("a sub-network needs " + layout.size() + " gates, not " + kept.length);
        }
        this.layout = layout;
        this.kept = kept.clone();
        for (GateLayout.Segment segment : layout.allSegments()) {
            boolean any = false;
            for (int i = 0; i < segment.count(); i++) {
                any |= this.kept[segment.offset() + i];
            }
            if (!any) {
                this.kept[segment.offset()] = true;
            }
        }
    }

    public static SubNetwork full(GateLayout layout) {
        boolean[] all = new boolean[layout.size()];
        Arrays.fill(all, true);
        return new SubNetwork(layout, all);
    }

    /** Gates from a vector of gate values: a gate is on at 0.5 or more. */
    public static SubNetwork fromGates(GateLayout layout, float[] gates) {
        boolean[] kept = new boolean[gates.length];
        for (int i = 0; i < gates.length; i++) {
            kept[i] = gates[i] >= 0.5f;
        }
        return new SubNetwork(layout, kept);
    }

    /** The gates as text, one '1' or '0' per gate. */
    public String bits() {
        StringBuilder bits = new StringBuilder(kept.length);
        for (boolean gate : kept) {
            bits.append(gate ? '1' : '0');
        }
        return bits.toString();
    }

    public static SubNetwork fromBits(GateLayout layout, String bits) {
        boolean[] kept = new boolean[bits.length()];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = bits.charAt(i) == '1';
        }
        return new SubNetwork(layout, kept);
    }

    public GateLayout layout() {
        return layout;
    }

    public boolean kept(int gate) {
        return kept[gate];
    }

    /** Whether the block runs (it is not skippable, or its depth gate is on). */
    public boolean present(int block) {
        int gate = layout.depthGate(block);
        return gate < 0 || kept[gate];
    }

    /** The kept gates of a segment, as indices 0 … count−1 within the segment. */
    public int[] keptIndices(GateLayout.Segment segment) {
        return java.util.stream.IntStream.range(0, segment.count())
                .filter(i -> kept[segment.offset() + i]).toArray();
    }

    public int keptCount(GateLayout.Segment segment) {
        return keptIndices(segment).length;
    }

    /** The gate vector: 1 for a kept gate, 0 for a removed one. */
    public float[] gates() {
        float[] gates = new float[kept.length];
        for (int i = 0; i < kept.length; i++) {
            gates[i] = kept[i] ? 1f : 0f;
        }
        return gates;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SubNetwork that && Arrays.equals(kept, that.kept);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(kept);
    }
}
