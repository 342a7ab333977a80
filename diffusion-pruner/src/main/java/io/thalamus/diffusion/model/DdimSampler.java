package io.thalamus.diffusion.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.thalamus.model.SentenceEncoder.TokenStates;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Deterministic DDIM sampling (η = 0) with classifier-free guidance: every step runs the network once on the
 * prompts and the unconditional prompt together, ε = ε_u + w·(ε_c − ε_u), and the predicted clean image is clipped
 * to the valid range. Each step's temporaries live in their own manager, so memory stays flat over the steps.
 */
public final class DdimSampler {

    private final NoiseSchedule schedule;
    private final int steps;
    private final float guidance;

    public DdimSampler(NoiseSchedule schedule, int steps, float guidance) {
        schedule.samplingSteps(steps);
        this.schedule = schedule;
        this.steps = steps;
        this.guidance = guidance;
    }

    public int steps() {
        return steps;
    }

    /**
     * Images for the prompts, [B, 3, S, S] values in [0, 1], row-major.
     *
     * @param gates per-prompt gate vectors for the full network, or null (a sliced network, or no gating)
     * @param seed  the starting noise; the same seed gives the same images
     */
    public float[] sample(GatedUNet net, List<TokenStates> prompts, TokenStates unconditional, float[][] gates,
                          long seed, NDManager manager) {
        int size = net.architecture().imageSize();
        return sample(net, prompts, unconditional, gates, noise(seed, prompts.size() * 3 * size * size), manager);
    }

    /**
     * Like {@link #sample(GatedUNet, List, TokenStates, float[][], long, NDManager)}, each image starting from the
     * noise of its own seed: an image depends on its prompt and seed only, not on the batch it was sampled in.
     */
    public float[] sample(GatedUNet net, List<TokenStates> prompts, TokenStates unconditional, float[][] gates,
                          long[] seeds, NDManager manager) {
        int size = net.architecture().imageSize();
        int pixels = 3 * size * size;
        float[] start = new float[prompts.size() * pixels];
        for (int i = 0; i < prompts.size(); i++) {
            System.arraycopy(noise(seeds[i], pixels), 0, start, i * pixels, pixels);
        }
        return sample(net, prompts, unconditional, gates, start, manager);
    }

    private float[] sample(GatedUNet net, List<TokenStates> prompts, TokenStates unconditional, float[][] gates,
                           float[] start, NDManager manager) {
        int batch = prompts.size();
        int size = net.architecture().imageSize();
        try (NDManager sampling = manager.newSubManager()) {
            List<TokenStates> both = new ArrayList<>(prompts);
            for (int i = 0; i < batch; i++) {
                both.add(unconditional);
            }
            PromptBatch conditioning = PromptBatch.of(both, sampling);
            NDArray gateArray = null;
            if (gates != null) {
                float[] flat = new float[2 * batch * gates[0].length];
                for (int i = 0; i < 2 * batch; i++) {
                    System.arraycopy(gates[i % batch], 0, flat, i * gates[0].length, gates[0].length);
                }
                gateArray = sampling.create(flat, new Shape(2L * batch, gates[0].length));
            }
            NDArray x = sampling.create(start, new Shape(batch, 3, size, size));
            ParameterStore store = new ParameterStore(sampling, false);
            int[] timesteps = schedule.samplingSteps(steps);
            for (int i = 0; i < timesteps.length; i++) {
                int t = timesteps[i];
                double alphaBar = schedule.alphaBar(t);
                double previous = i + 1 < timesteps.length ? schedule.alphaBar(timesteps[i + 1]) : 1.0;
                try (NDManager step = sampling.newSubManager()) {
                    NDArray doubled = NDArrays.concat(new NDList(x, x), 0);
                    NDArray time = step.full(new Shape(2L * batch), (float) t);
                    NDList inputs = new NDList(doubled, time, conditioning.tokens(), conditioning.mask());
                    if (gateArray != null) {
                        inputs.add(gateArray);
                    }
                    NDArray predicted = net.forward(store, inputs, false).head();
                    NDArray conditional = predicted.get("0:" + batch);
                    NDArray free = predicted.get(batch + ":");
                    NDArray output = free.add(conditional.sub(free).mul(guidance));
                    NDArray clean = net.architecture().prediction().clean(x, output, alphaBar).clip(-1, 1);
                    NDArray epsilon = x.sub(clean.mul(Math.sqrt(alphaBar))).div(Math.sqrt(1 - alphaBar));
                    NDArray next = clean.mul(Math.sqrt(previous)).add(epsilon.mul(Math.sqrt(1 - previous)));
                    next.attach(sampling);
                    x = next;
                }
            }
            return x.add(1).div(2).clip(0, 1).toFloatArray();
        }
    }

    private static float[] noise(long seed, int count) {
        Random random = new Random(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
