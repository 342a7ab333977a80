package io.thalamus.diffusion.aptp;

import io.thalamus.diffusion.model.DiffusionModel;
import io.thalamus.diffusion.model.GateLayout;
import io.thalamus.diffusion.model.MacCounter;
import io.thalamus.diffusion.model.SubNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Trimming the committed static router to exact MACs, as served: saved, read back, gates drawn again. */
class StaticCodeTrimTest {

    private static final Path DIFFUSION = Path.of("src/main/resources/diffusion");

    @TempDir
    Path folder;

    @Test
    void theTrimmedCodeRunsAtTheAskedMacsWithOnlyWidthGatesItAlreadyHad() {
        try (DiffusionModel model = DiffusionModel.fromDirectory(DIFFUSION.resolve("base"));
             PromptRouter router = PromptRouter.fromDirectory(DIFFUSION.resolve("static-65"), model.net().layout())) {
            GateLayout layout = model.net().layout();
            MacCounter counter = new MacCounter(layout, 24);
            SubNetwork before = router.codes().get(0);
            assertThat(counter.ratio(before)).isGreaterThan(0.62);

            assertThat(StaticCodeTrim.trim(router, counter, 0.60)).isPositive();
            router.save(folder);

            try (PromptRouter trimmed = PromptRouter.fromDirectory(folder, layout)) {
                SubNetwork after = trimmed.codes().get(0);
                assertThat(counter.ratio(after)).isCloseTo(0.60, within(StaticCodeTrim.TOLERANCE));
                for (int g = 0; g < layout.size(); g++) {
                    if (g < layout.widthGates()) {
                        assertThat(!after.kept(g) || before.kept(g)).as("width gate %d opened", g).isTrue();
                    } else {
                        assertThat(after.kept(g)).as("depth gate %d changed", g).isEqualTo(before.kept(g));
                    }
                }
            }
        }
    }

    @Test
    void aCodeIsNeverWidenedToReachAHigherRatio() {
        assertTrimRefused("static-65", 0.9, "can only lower");
    }

    @Test
    void onlyAOneCodeRouterCanBeTrimmed() {
        assertTrimRefused("aptp-65", 0.6, "one-code");
    }

    private static void assertTrimRefused(String routerFolder, double ratio, String reason) {
        try (DiffusionModel model = DiffusionModel.fromDirectory(DIFFUSION.resolve("base"));
             PromptRouter router = PromptRouter.fromDirectory(DIFFUSION.resolve(routerFolder), model.net().layout())) {
            MacCounter counter = new MacCounter(model.net().layout(), 24);
            assertThatThrownBy(() -> StaticCodeTrim.trim(router, counter, ratio))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(reason);
        }
    }
}
