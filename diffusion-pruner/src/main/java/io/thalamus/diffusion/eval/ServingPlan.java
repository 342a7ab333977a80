package io.thalamus.diffusion.eval;

import io.thalamus.diffusion.model.SubNetwork;

/** One way of serving text-to-image prompts: which sub-network runs each prompt, and how many may share a pass. */
public interface ServingPlan {

    String name();

    /** The prompt's batch key: prompts with the same key run on the same sub-network and may share a batch. */
    String key(String prompt);

    SubNetwork network(String key);

    int maxBatch();
}
