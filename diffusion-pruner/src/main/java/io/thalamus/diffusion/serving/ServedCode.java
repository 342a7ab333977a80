package io.thalamus.diffusion.serving;

import io.thalamus.diffusion.model.DiffusionModel;
import io.thalamus.diffusion.model.SubNetwork;

/**
 * One architecture code of a code set, ready to sample: its physically smaller network (fine-tuned weights when
 * trained, else sliced from the base model), and its MACs per image as a share of the full network's.
 */
public record ServedCode(int index, SubNetwork structure, DiffusionModel model, long macs, double macsRatio,
                         boolean fineTuned) {

    public String key() {
        return "code-" + index;
    }
}
