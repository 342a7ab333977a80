package io.thalamus.diffusion.aptp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class AptpLossesTest {

    @Test
    void blockDistillationAveragesEachBlocksSquaredErrorAndIgnoresThePrediction() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDList teacher = new NDList(manager.create(new float[] {0, 0}), manager.create(new float[] {1, 1}),
                    manager.create(new float[] {2, 2, 2, 2}));
            NDList student = new NDList(manager.create(new float[] {9, 9}), manager.create(new float[] {1, 3}),
                    manager.create(new float[] {2, 2, 2, 6}));

            // block 1: (0 + 4) / 2 = 2; block 2: (0 + 0 + 0 + 16) / 4 = 4; mean 3. The prediction (first) is left out.
            assertThat(AptpLosses.blockDistillation(student, teacher).getFloat()).isEqualTo(3f);
            assertThat(AptpLosses.blockDistillation(teacher, teacher).getFloat()).isZero();
        }
    }

    @Test
    void blockDistillationNeedsTheSameBlocksOnBothSides() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDList two = new NDList(manager.zeros(new Shape(1)),
                    manager.zeros(new Shape(1)));
            NDList one = new NDList(manager.zeros(new Shape(1)));
            assertThatThrownBy(() -> AptpLosses.blockDistillation(two, one))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
