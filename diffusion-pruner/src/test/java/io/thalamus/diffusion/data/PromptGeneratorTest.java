package io.thalamus.diffusion.data;

import io.thalamus.scenes.SceneColour;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class PromptGeneratorTest {

    private final PromptGenerator generator = new PromptGenerator();
    private final LayoutRenderer renderer = new LayoutRenderer();

    @Test
    void theSameSeedAndIndexGiveTheSamePrompt() {
        for (int i = 0; i < 50; i++) {
            assertThat(generator.prompted(3, i)).isEqualTo(generator.prompted(3, i));
        }
        assertThat(generator.prompted(3, 1)).isNotEqualTo(generator.prompted(4, 1));
    }

    @Test
    void everyPromptNamesWhatItsImageShows() {
        Map<PromptKind, Integer> kinds = new EnumMap<>(PromptKind.class);
        for (int i = 0; i < 400; i++) {
            PromptedImage example = generator.prompted(9, i);
            String prompt = example.prompt().toLowerCase();
            kinds.merge(example.layout().kind(), 1, Integer::sum);
            if (example.layout() instanceof ShapeLayout shapes) {
                for (PlacedShape shape : shapes.shapes()) {
                    assertThat(prompt).containsAnyOf(shape.colour().word(),
                            shape.colour() == SceneColour.GRAY ? "grey" : shape.colour().word());
                }
            } else {
                TextLayout text = (TextLayout) example.layout();
                assertThat(example.prompt()).contains(String.join(" ", text.text().split("")));
                assertThat(prompt).contains(text.colour().word());
            }
        }
        assertThat(kinds.keySet()).containsExactlyInAnyOrder(PromptKind.values());
        assertThat(kinds.get(PromptKind.CHARACTERS)).isBetween(60, 140);
    }

    @Test
    void shapesAreDrawnInTheirCellInTheirColour() {
        for (int i = 0; i < 200; i++) {
            if (!(generator.prompted(5, i).layout() instanceof ShapeLayout shapes)) {
                continue;
            }
            BufferedImage image = renderer.render(shapes, new Random(i));
            for (PlacedShape shape : shapes.shapes()) {
                int x = LayoutRenderer.cellCentre(shape.column());
                int y = LayoutRenderer.cellCentre(shape.row());
                assertThat(image.getRGB(x, y) & 0xffffff).isEqualTo(shape.colour().rgb().getRGB() & 0xffffff);
            }
        }
    }

    @Test
    void charactersComeFromTheFontInTheirColour() {
        TextLayout layout = new TextLayout("KT", SceneColour.BLUE);
        BufferedImage image = renderer.render(layout, new Random(1));
        int ink = 0;
        for (int y = 0; y < LayoutRenderer.IMAGE_SIZE; y++) {
            for (int x = 0; x < LayoutRenderer.IMAGE_SIZE; x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                assertThat(rgb).isIn(0xffffff, 0x0000ff);
                ink += rgb == 0x0000ff ? 1 : 0;
            }
        }
        int glyphPixels = 0;
        for (char c : "KT".toCharArray()) {
            for (int y = 0; y < BitmapFont.HEIGHT; y++) {
                for (int x = 0; x < BitmapFont.WIDTH; x++) {
                    glyphPixels += BitmapFont.ink(c, x, y) ? 4 : 0;
                }
            }
        }
        assertThat(ink).isEqualTo(glyphPixels);
    }
}
