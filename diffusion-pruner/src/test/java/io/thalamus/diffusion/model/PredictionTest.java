package io.thalamus.diffusion.model;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Training targets and the clean image a sampler reads back from them agree, at every noise level. */
class PredictionTest {

    private static final NoiseSchedule SCHEDULE = new NoiseSchedule();

    @Test
    void theCleanImageFollowsFromAPerfectPredictionOfEitherKind() {
        Random random = new Random(3);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            for (Prediction prediction : Prediction.values()) {
                for (int t : new int[] {0, 250, 500, 900, 980}) {
                    double alphaBar = SCHEDULE.alphaBar(t);
                    float[] clean = new float[16];
                    float[] noisy = new float[16];
                    float[] target = new float[16];
                    for (int i = 0; i < clean.length; i++) {
                        clean[i] = random.nextFloat() * 2 - 1;
                        float noise = (float) random.nextGaussian();
                        noisy[i] = (float) (Math.sqrt(alphaBar) * clean[i] + Math.sqrt(1 - alphaBar) * noise);
                        target[i] = prediction.target(clean[i], noise, alphaBar);
                    }
                    float[] recovered = prediction.clean(manager.create(noisy), manager.create(target), alphaBar)
                            .toFloatArray();
                    for (int i = 0; i < clean.length; i++) {
                        assertThat(recovered[i]).as("%s at t=%d", prediction, t).isCloseTo(clean[i], within(2e-3f));
                    }
                }
            }
        }
    }

    @Test
    void theVelocityIsTheNoiseWhenLittleIsLeftAndMinusTheImageNearPureNoise() {
        assertThat(Prediction.VELOCITY.target(0.8f, 0.3f, 1.0)).isCloseTo(0.3f, within(1e-6f));
        assertThat(Prediction.VELOCITY.target(0.8f, 0.3f, 0.0)).isCloseTo(-0.8f, within(1e-6f));
        assertThat(Prediction.EPSILON.target(0.8f, 0.3f, 0.5)).isEqualTo(0.3f);
    }

    @Test
    void networksSavedBeforeTheChoicePredictTheNoise() {
        java.util.Properties saved = new java.util.Properties();
        UNetArchitecture.standard().store(saved);
        saved.remove("prediction");
        assertThat(UNetArchitecture.load(saved).prediction()).isEqualTo(Prediction.EPSILON);
        assertThat(UNetArchitecture.standard().prediction()).isEqualTo(Prediction.VELOCITY);
    }
}
