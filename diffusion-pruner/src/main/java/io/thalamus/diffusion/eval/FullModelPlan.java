package io.thalamus.diffusion.eval;

import io.thalamus.diffusion.model.GateLayout;
import io.thalamus.diffusion.model.SubNetwork;

/** Every prompt on the full base model, batched. */
public final class FullModelPlan implements ServingPlan {

    private final SubNetwork full;
    private final int maxBatch;

    public FullModelPlan(GateLayout layout, int maxBatch) {
        this.full = SubNetwork.full(layout);
        this.maxBatch = maxBatch;
    }

    @Override
    public String name() {
        return "full";
    }

    @Override
    public String key(String prompt) {
        return "full";
    }

    @Override
    public SubNetwork network(String key) {
        return full;
    }

    @Override
    public int maxBatch() {
        return maxBatch;
    }
}
