package io.thalamus.diffusion.judge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import io.thalamus.model.SavedBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A network read back from its checkpoint trains on only once told to record gradients, as resumed training does. */
class SavedJudgeTrainsAgainTest {

    @TempDir
    Path folder;

    @Test
    void aReadBackNetworkLearnsOnlyAfterRecordingGradients() {
        try (ImageJudge fresh = ImageJudge.create(JudgeArchitecture.standard())) {
            fresh.save(folder);
        }
        try (ImageJudge readBack = ImageJudge.fromDirectory(folder)) {
            assertThatThrownBy(() -> backward(readBack)).hasMessageContaining("grad");

            SavedBlock.recordGradients(readBack.model().getBlock());

            assertThat(backward(readBack)).isPositive();
        }
    }

    /** One backward pass; returns the summed absolute gradient of all parameters. */
    private static double backward(ImageJudge judge) {
        int size = JudgeArchitecture.standard().imageSize();
        try (Trainer trainer = judge.model().newTrainer(new DefaultTrainingConfig(Loss.l2Loss()));
             NDManager manager = judge.model().getNDManager().newSubManager()) {
            NDArray input = manager.randomUniform(0, 1, new Shape(2, 3, size, size));
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList outputs = trainer.forward(new NDList(input));
                collector.backward(outputs.head().square().sum());
            }
            return judge.model().getBlock().getParameters().stream()
                    .filter(parameter -> parameter.getValue().getArray().hasGradient())
                    .mapToDouble(parameter -> parameter.getValue().getArray().getGradient().abs().sum().getFloat())
                    .sum();
        }
    }
}
