package io.thalamus.diffusion.aptp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.thalamus.diffusion.model.GateLayout;
import io.thalamus.diffusion.model.MacCounter;

/**
 * The share of the prunable MACs a gate vector keeps, differentiable in the gates: per block, its fixed MACs plus
 * each width gate's MACs times the gate, all times the block's depth gate (1 for blocks that cannot be skipped),
 * summed and divided by the full network's prunable MACs. On 0/1 gates it is exactly {@link
 * MacCounter#prunableMacs} over the full count.
 */
public final class ResourceRatio {

    private final GateLayout layout;
    private final float[] widthToBlock;
    private final float[] blockFixed;
    private final float[] depthSelection;
    private final int blocks;

    public ResourceRatio(MacCounter counter) {
        this.layout = counter.layout();
        this.blocks = layout.blocks().size();
        double full = counter.prunableMacs(io.thalamus.diffusion.model.SubNetwork.full(layout));
        long[] gateMacs = counter.gateMacs();
        int[] blockOfGate = counter.blockOfGate();
        widthToBlock = new float[layout.widthGates() * blocks];
        for (int g = 0; g < gateMacs.length; g++) {
            widthToBlock[g * blocks + blockOfGate[g]] = (float) (gateMacs[g] / full);
        }
        long[] fixed = counter.blockFixedMacs();
        blockFixed = new float[blocks];
        for (int b = 0; b < blocks; b++) {
            blockFixed[b] = (float) (fixed[b] / full);
        }
        // picks each block's depth gate out of [gates, 1]; the extra constant column stands for "always present"
        depthSelection = new float[(layout.size() + 1) * blocks];
        for (int b = 0; b < blocks; b++) {
            int gate = layout.depthGate(b);
            depthSelection[(gate < 0 ? layout.size() : gate) * blocks + b] = 1f;
        }
    }

    /** Kept share of the prunable MACs for each gate vector of [N, D]: [N]. */
    public NDArray of(NDArray gates) {
        NDManager manager = gates.getManager();
        long rows = gates.getShape().get(0);
        NDArray width = gates.get(":, 0:" + layout.widthGates());
        NDArray perBlock = width.matMul(manager.create(widthToBlock, new Shape(layout.widthGates(), blocks)))
                .add(manager.create(blockFixed).expandDims(0));
        NDArray withConstant = gates.concat(manager.ones(new Shape(rows, 1)), 1);
        NDArray depth = withConstant.matMul(manager.create(depthSelection, new Shape(layout.size() + 1, blocks)));
        return perBlock.mul(depth).sum(new int[] {1});
    }
}
