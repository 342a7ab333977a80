package io.thalamus.scenes;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SceneCaptionsTest {

    private final SceneCaptions captions = new SceneCaptions();

    @Test
    void everyCaptionNamesEveryObjectWithItsColourShapeAndRegion() {
        Scene scene = new Scene(75, 75, List.of(
                new SceneObject(SceneColour.RED, ObjectShape.CIRCLE, 10, 10, 5),
                new SceneObject(SceneColour.BLUE, ObjectShape.SQUARE, 37, 37, 5),
                new SceneObject(SceneColour.GRAY, ObjectShape.SQUARE, 65, 40, 5)));
        List<String> all = captions.captions(scene);
        assertThat(all).hasSize(5).doesNotHaveDuplicates();
        for (String caption : all) {
            assertThat(caption)
                    .containsIgnoringCase("a red circle in the top left")
                    .contains("a blue square in the centre")
                    .contains("a gray square on the right")
                    .doesNotContain("{");
        }
        assertThat(all).contains("An image with two squares and one circle: a red circle in the top left, "
                + "a blue square in the centre and a gray square on the right.");
    }

    @Test
    void generatedScenesGetCaptionsDeterministically() {
        SceneGenerator generator = new SceneGenerator(SceneSpec.sortOfClevr());
        Scene scene = generator.scene(4, 4);
        assertThat(captions.caption(scene, new Random(3))).isEqualTo(captions.caption(scene, new Random(3)));
        for (SceneObject object : scene.objects()) {
            assertThat(captions.caption(scene, new Random(3))).contains(object.colour().word() + " "
                    + object.shape().word());
        }
    }
}
