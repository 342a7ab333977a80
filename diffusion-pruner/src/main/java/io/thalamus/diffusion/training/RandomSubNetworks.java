package io.thalamus.diffusion.training;

import io.thalamus.diffusion.model.GateLayout;
import io.thalamus.diffusion.model.SubNetwork;

import java.util.Random;

/**
 * Random gate vectors for slimmable training of the base model: a share of the images trains the full network,
 * the others a random sub-network (each width gate kept with a probability drawn per image between {@code
 * minimumKeep} and 1, each depth gate dropped with {@code skipProbability}), so that sub-networks predict well
 * before any pruning.
 */
public final class RandomSubNetworks {

    private final GateLayout layout;
    private final double fullShare;
    private final double minimumKeep;
    private final double skipProbability;

    public RandomSubNetworks(GateLayout layout, double fullShare, double minimumKeep, double skipProbability) {
        this.layout = layout;
        this.fullShare = fullShare;
        this.minimumKeep = minimumKeep;
        this.skipProbability = skipProbability;
    }

    public SubNetwork next(Random random) {
        if (random.nextDouble() < fullShare) {
            return SubNetwork.full(layout);
        }
        double keep = minimumKeep + (1 - minimumKeep) * random.nextDouble();
        boolean[] kept = new boolean[layout.size()];
        for (int g = 0; g < layout.widthGates(); g++) {
            kept[g] = random.nextDouble() < keep;
        }
        for (int g = layout.widthGates(); g < layout.size(); g++) {
            kept[g] = random.nextDouble() >= skipProbability;
        }
        return new SubNetwork(layout, kept);
    }
}
