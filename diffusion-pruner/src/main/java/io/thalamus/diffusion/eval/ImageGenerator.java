package io.thalamus.diffusion.eval;

import io.thalamus.diffusion.model.DdimSampler;
import io.thalamus.diffusion.model.DiffusionModel;
import io.thalamus.diffusion.model.PromptEncoder;
import io.thalamus.diffusion.model.SubNetwork;
import io.thalamus.model.LeastRecentlyUsed;

import java.util.List;
import java.util.Map;

/**
 * Generates images for prompts on any sub-network of the base model: the full network is the base itself, pinned
 * sub-networks run on their own (fine-tuned) weights, others are sliced from the base once and kept (the least recently used are closed beyond {@code cachedNetworks}). One
 * sampling pass at a time.
 */
public final class ImageGenerator implements AutoCloseable {

    private final DiffusionModel base;
    private final PromptEncoder prompts;
    private final DdimSampler sampler;
    private final SubNetwork full;
    private final Map<SubNetwork, DiffusionModel> sliced;
    private final Map<SubNetwork, DiffusionModel> pinned = new java.util.HashMap<>();

    public ImageGenerator(DiffusionModel base, PromptEncoder prompts, DdimSampler sampler, int cachedNetworks) {
        this.base = base;
        this.prompts = prompts;
        this.sampler = sampler;
        this.full = SubNetwork.full(base.net().layout());
        this.sliced = LeastRecentlyUsed.map(cachedNetworks, DiffusionModel::close);
    }

    /**
     * Images [B, 3, S, S] in [0, 1] for the prompts, all run together on the sub-network, each from the starting
     * noise of its seed.
     */
    public synchronized float[] generate(SubNetwork network, List<String> texts, long[] seeds) {
        DiffusionModel model = network.equals(full) ? base : pinned.get(network);
        if (model == null) {
            model = sliced.computeIfAbsent(network, sub -> DiffusionModel.slice(base, sub));
        }
        return sampler.sample(model.net(), prompts.encodeAll(texts), prompts.encode(PromptEncoder.UNCONDITIONAL),
                null, seeds, model.model().getNDManager());
    }

    /**
     * Runs the sub-network on these weights (e.g. fine-tuned after slicing) instead of slicing the base; the caller
     * keeps and closes the model.
     */
    public synchronized void pin(SubNetwork network, DiffusionModel model) {
        if (!model.net().structure().equals(network)) {
            throw new IllegalArgumentException("the model is not that sub-network");
        }
        pinned.put(network, model);
    }

    public PromptEncoder prompts() {
        return prompts;
    }

    public int imageSize() {
        return base.net().architecture().imageSize();
    }

    @Override
    public synchronized void close() {
        sliced.values().forEach(DiffusionModel::close);
        sliced.clear();
    }
}
