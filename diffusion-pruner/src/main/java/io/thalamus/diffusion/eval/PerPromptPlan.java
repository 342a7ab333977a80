package io.thalamus.diffusion.eval;

import io.thalamus.diffusion.aptp.PromptRouter;
import io.thalamus.diffusion.model.GateLayout;
import io.thalamus.diffusion.model.PromptEncoder;
import io.thalamus.diffusion.model.SubNetwork;

/**
 * Per-prompt dynamic pruning: every prompt on its own sub-network (the router head's gates for it, no code), so
 * prompts cannot share a pass and run one at a time.
 */
public final class PerPromptPlan implements ServingPlan {

    private final PromptRouter router;
    private final PromptEncoder prompts;
    private final GateLayout layout;

    public PerPromptPlan(PromptRouter router, PromptEncoder prompts, GateLayout layout) {
        this.router = router;
        this.prompts = prompts;
        this.layout = layout;
    }

    @Override
    public String name() {
        return "per-prompt";
    }

    @Override
    public String key(String prompt) {
        return router.ownSubNetwork(PromptRouter.pooled(prompts.encode(prompt))).bits();
    }

    @Override
    public SubNetwork network(String key) {
        return SubNetwork.fromBits(layout, key);
    }

    @Override
    public int maxBatch() {
        return 1;
    }
}
