package io.thalamus.diffusion.eval;

import io.thalamus.diffusion.aptp.PromptRouter;
import io.thalamus.diffusion.model.PromptEncoder;
import io.thalamus.diffusion.model.SubNetwork;

/**
 * Prompts routed by a trained APTP router to its codes and batched per code. With a router of one code this is
 * static pruning: one pruned model for every prompt.
 */
public final class CodeSetPlan implements ServingPlan {

    private static final String PREFIX = "code-";

    private final String name;
    private final PromptRouter router;
    private final PromptEncoder prompts;
    private final int maxBatch;

    public CodeSetPlan(String name, PromptRouter router, PromptEncoder prompts, int maxBatch) {
        this.name = name;
        this.router = router;
        this.prompts = prompts;
        this.maxBatch = maxBatch;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String key(String prompt) {
        return PREFIX + router.route(prompts.encode(prompt));
    }

    @Override
    public SubNetwork network(String key) {
        return router.codes().get(Integer.parseInt(key.substring(PREFIX.length())));
    }

    @Override
    public int maxBatch() {
        return maxBatch;
    }
}
