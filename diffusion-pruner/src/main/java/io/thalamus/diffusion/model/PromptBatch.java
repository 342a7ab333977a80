package io.thalamus.diffusion.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.thalamus.model.SentenceEncoder.TokenStates;

import java.util.List;

/**
 * Prompts' token vectors padded to one length: tokens [B, L, D] and mask [B, L] (1 for a token, 0 for padding).
 */
public record PromptBatch(NDArray tokens, NDArray mask) {

    public static PromptBatch of(List<TokenStates> prompts, NDManager manager) {
        int length = 0;
        int dimension = prompts.get(0).dimension();
        for (TokenStates prompt : prompts) {
            length = Math.max(length, prompt.tokens());
        }
        float[] tokens = new float[prompts.size() * length * dimension];
        float[] mask = new float[prompts.size() * length];
        for (int b = 0; b < prompts.size(); b++) {
            TokenStates prompt = prompts.get(b);
            System.arraycopy(prompt.values(), 0, tokens, b * length * dimension, prompt.tokens() * dimension);
            for (int t = 0; t < prompt.tokens(); t++) {
                mask[b * length + t] = 1;
            }
        }
        return new PromptBatch(manager.create(tokens, new Shape(prompts.size(), length, dimension)),
                manager.create(mask, new Shape(prompts.size(), length)));
    }

    public int size() {
        return (int) mask.getShape().get(0);
    }
}
